// The API's emailed links point at the site root ('/#/reset-password?token=…', '/#/verify-email?…',
// '/#/accept-invitation?…'); the web app lives under /app/, so such a hash is forwarded there.
if (location.hash.startsWith('#/')) location.replace('/app/' + location.hash);
