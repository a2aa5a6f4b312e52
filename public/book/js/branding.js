// The studio's look from its card: `branding: {logoUrl, primaryColor, accentColor}` (each may be
// null, the whole object may be absent). Colours become CSS custom properties; the logo an image.

const COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

function safeUrl(value) {
    if (typeof value !== 'string' || !value) return null;
    try {
        const url = new URL(value, location.origin);
        return ['http:', 'https:'].includes(url.protocol) ? url.href : null;
    } catch { return null; }
}

/** Darker or lighter by `amount` (-1…1), for hover and pressed states of a brand colour. */
function shade(hex, amount) {
    let value = hex.slice(1);
    if (value.length === 3) value = [...value].map((c) => c + c).join('');
    const channels = [0, 2, 4].map((i) => parseInt(value.slice(i, i + 2), 16));
    const mixed = channels.map((c) => Math.round(amount < 0 ? c * (1 + amount) : c + (255 - c) * amount));
    return '#' + mixed.map((c) => c.toString(16).padStart(2, '0')).join('');
}

/** Answers the logo URL to show (or null). */
export function applyBranding(branding) {
    const root = document.documentElement.style;
    const primary = branding && COLOR.test(branding.primaryColor || '') ? branding.primaryColor : null;
    const accent = branding && COLOR.test(branding.accentColor || '') ? branding.accentColor : null;
    if (primary) {
        root.setProperty('--sf-primary', primary);
        root.setProperty('--sf-primary-dark', shade(primary, -0.25));
        root.setProperty('--sf-primary-soft', shade(primary, 0.88));
        document.querySelector('meta[name=theme-color]')?.setAttribute('content', primary);
    }
    if (accent) root.setProperty('--sf-accent', accent);
    return safeUrl(branding && branding.logoUrl);
}
