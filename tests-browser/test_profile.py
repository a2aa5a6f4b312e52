"""The signed-in person's own account in the browser: the email confirmed from the link the server
mails (through the test's SMTP sink), the password changed (a wrong current one refused under its
field), two-factor sign-in turned on from the QR code's secret and off again with codes, and an API
token created (its secret works as a bearer token) and revoked (it stops working)."""

import re
import time
import urllib.request

from harness import check
from test_auth import totp
from test_studio_setup import new_studio, set_value, toast


def bearer_status(base, secret):
    request = urllib.request.Request(f'{base}/api/v1/auth/me', headers={'Authorization': f'Bearer {secret}', 'Accept': 'application/json'})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_email_password_two_factor_and_api_tokens(t):
    # given a new studio's owner on her profile, reached from the profile menu
    b = t.browser()
    api = new_studio(t, b, 'Profile Studio')
    email = api.call('GET', '/auth/me', expect=200)['user']['email']
    b.open('/')
    b.click('[data-action=profile]')
    b.click('.profile-menu [data-action=open-profile]')
    b.find('[data-screen=profile]')
    b.find('[data-profile=email] [data-email-verified=false]')
    # when she asks for the confirmation link again and opens the one that arrives by email
    b.click('[data-action=send-verification]')
    toast(b)
    letter = t.email_to(email, 'verify-email')
    link = re.findall(r'(http://\S+/app/#/verify-email\?token=[^\s"<>]+)', letter)[-1]
    b.driver.get(link)
    b.find('[data-screen=verify-email]')
    b.wait(lambda d: api.call('GET', '/auth/me', expect=200).get('emailVerified') is True, what='the email to be confirmed')
    # then the profile says confirmed
    b.open('/profile')
    b.find('[data-profile=email] [data-email-verified=true]')

    # when the password is changed with a wrong current one, the API's refusal is under that field
    b.type('[data-form=password] [name=currentPassword]', 'not-my-password')
    b.type('[data-form=password] [name=newPassword]', 'a-new-browser-pw')
    b.click('[data-action=change-password]')
    b.find('[data-form=password] [data-field-error=currentPassword]')
    # and with the right one it is changed: the new password signs in
    b.type('[data-form=password] [name=currentPassword]', 'browser-test-pw')
    b.type('[data-form=password] [name=newPassword]', 'a-new-browser-pw')
    b.click('[data-action=change-password]')
    toast(b)
    t.api().login(email, 'a-new-browser-pw')

    # and two-factor sign-in needs the Veloria plan: on Ivory the card says so
    b.find('[data-profile="2fa"] [data-twofa=locked]')
    api.post('/billing/plan', {'plan': 'veloria'}, expect=200)
    b.open('/profile')
    # when two-factor sign-in is turned on: the QR code and its key are shown, a code from the key confirms it
    b.click('[data-action=enroll-2fa]')
    b.find('[data-profile="2fa"] [data-qr] svg')
    secret = b.find('[data-secret]').get_attribute('data-secret')
    b.shot('profile-2fa-enrol')
    b.type('[data-form=verify-2fa] [name=code]', totp(secret))
    b.click('[data-action=verify-2fa]')
    toast(b)
    b.find('[data-profile="2fa"] [data-twofa=on]')
    check(api.call('GET', '/auth/2fa', expect=200)['enabled'] is True, 'the API does not have two-factor on')
    b.shot('profile')
    # and a wrong code does not turn it off; a right one does
    b.type('[data-form=disable-2fa] [name=code]', '000000' if totp(secret) != '000000' else '111111')
    b.click('[data-action=disable-2fa]')
    b.find('[data-form=disable-2fa] [data-field-error=code], [data-toast=error]')
    check(api.call('GET', '/auth/2fa', expect=200)['enabled'] is True, 'a wrong code turned two-factor off')
    # (the code that turned it on cannot be replayed: the next 30-second step's code is used)
    b.type('[data-form=disable-2fa] [name=code]', totp(secret, at=time.time() + 30))
    b.click('[data-action=disable-2fa]')
    b.find('[data-profile="2fa"] [data-twofa=off]')
    toast(b)

    # when an API token is created, its secret (shown once) opens the API as a bearer token
    b.type('[data-form=new-token] [name=name]', 'Выгрузка в бухгалтерию')
    set_value(b, '[data-form=new-token] [name=expiresAt]', '2030-01-31')
    b.click('[data-action=create-token]')
    secret_token = b.find('[data-token-secret]').text.strip()
    row = b.find('.token-row[data-revoked=false]')
    check('Выгрузка' in row.text and '31' in row.text and '2030' in row.text, f'the token row reads {row.text!r}')
    stored = api.call('GET', '/auth/tokens', expect=200)['items'][0]
    # through 31 January in the studio's zone (Moscow): until the midnight after it, 21:00 UTC
    check(stored['expiresAt'] and stored['expiresAt'].startswith('2030-01-31T21:00:00'), f'the token expires at {stored["expiresAt"]}')
    check(bearer_status(t.base, secret_token) == 200, 'the new token does not open the API')
    # and when it is revoked (asked once), it stops working
    b.click('.token-row[data-revoked=false] [data-action=revoke-token]')
    b.click('.dialog [data-action=ok]')
    b.find('.token-row[data-revoked=true]')
    check(bearer_status(t.base, secret_token) == 401, 'the revoked token still opens the API')
