"""Signing in and out, a wrong password, the forgotten-password screen, and the language switch."""

from harness import check, unique_email


def test_sign_in_wrong_password_then_out(t):
    # given a studio made through the API
    email = unique_email('signin')
    t.api().register('Signin Studio', email)
    b = t.browser()
    # when the form gets a wrong password, then the API's message is shown and the form stays
    b.open('/sign-in')
    b.shot('sign-in')
    b.type('[name=email]', email)
    b.type('[name=password]', 'not-the-password')
    b.click('[data-action=sign-in]')
    toast = b.find('[data-toast=error]')
    check(len(toast.text.strip()) > 5 and 'HTTP' not in toast.text, f'the error toast reads {toast.text!r}')
    check(b.find('[name=email]').get_attribute('value') == email, 'the form lost its values after a failed sign-in')
    # when the right password is given, then the home screen opens
    b.type('[name=password]', 'browser-test-pw')
    b.click('[data-action=sign-in]')
    b.find('[data-screen=dashboard]')
    # when signing out from the profile menu, then the sign-in form is back and the session is gone
    b.click('[data-action=profile]')
    b.click('[data-action=sign-out]')
    b.find('[data-form=sign-in]')
    b.open('/calendar')
    b.find('[data-form=sign-in]')
    b.go('/forgot-password')
    b.find('[data-form=forgot-password]')
    b.shot('forgot-password')
    b.type('[name=email]', email)
    b.click('[data-form=forgot-password] button[type=submit]')
    b.find('.reset-sent')
    # when an emailed reset link is used a second time (or is made up), then the API's refusal is shown
    b.driver.get(f'{t.base}/#/reset-password?token=not-a-real-token')
    b.find('[data-form=reset-password]')
    check('/app/' in b.driver.current_url, 'the landing page did not forward the emailed link to the app')
    b.shot('reset-password')
    b.type('[name=password]', 'a-new-password-1')
    b.click('[data-form=reset-password] button[type=submit]')
    toast = b.find('[data-toast=error]')
    check(len(toast.text.strip()) > 5, f'the refused reset reads {toast.text!r}')
    b.open('/accept-invitation?token=not-a-real-token')
    b.find('[data-form=accept-invitation]')
    b.shot('accept-invitation')


def test_language_switch_to_english(t):
    # given a Russian studio signed in
    email = unique_email('lang')
    t.api().register('Lang Studio', email)
    b = t.browser()
    b.sign_in_session(email, 'browser-test-pw')
    b.open('/')
    b.find('[data-screen=dashboard]')
    check('Календарь' in b.text(), 'the Russian menu is not shown')
    # when English is chosen in the profile menu
    b.click('[data-action=profile]')
    b.click('.profile-menu [data-locale=en]')
    b.wait(lambda d: 'Calendar' in b.text(), what='the English menu')
    check('Календарь' not in b.text(), 'Russian text is still visible after switching to English')
    b.find('[data-screen=dashboard]')
    b.shot('dashboard-en')
    # then the choice is kept on the profile: a fresh load is still in English
    b.open('/')
    b.find('[data-screen=dashboard]')
    check('Calendar' in b.text() and 'Today' in b.text(), 'the language was not kept after a reload')


def totp(secret, at=None, step=30, digits=6):
    """RFC 6238 code of a base32 secret (what an authenticator app shows)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time
    key = base64.b32decode(secret.upper() + '=' * (-len(secret) % 8))
    counter = int((at if at is not None else time.time()) // step)
    digest = hmac.new(key, struct.pack('>Q', counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10 ** digits).zfill(digits)


def test_sign_in_with_two_factor_code(t):
    import time
    # given an owner on plan Veloria with two-factor authentication on
    email = unique_email('totp')
    api = t.api()
    api.register('Totp Studio', email)
    api.post('/billing/plan', {'plan': 'veloria'}, expect=200)
    seed = api.post('/auth/2fa/enroll', None, expect=200)
    # Enrol with the previous time step's code (authenticators are allowed one step of drift), so
    # the current code is still unused for the sign-in below (a used code may be refused as a replay).
    enrolled_at = time.time() - 30
    api.post('/auth/2fa/verify', {'code': totp(seed['secret'], enrolled_at)}, expect=200)
    b = t.browser()
    # when the password is right, then the form asks for the code instead of signing in
    b.open('/sign-in')
    b.type('[name=email]', email)
    b.type('[name=password]', 'browser-test-pw')
    b.click('[data-action=sign-in]')
    b.find('[name=totpCode]')
    b.find('.totp-hint')
    check(b.js('return document.body.dataset.ready') == '/sign-in', 'signed in without the second factor')
    b.shot('sign-in-2fa')
    # when the app's current code is given (a fresh time step, so it is not the one used to enrol)
    while int(time.time() // 30) == int(enrolled_at // 30):
        time.sleep(0.5)
    b.type('[name=totpCode]', totp(seed['secret']))
    b.click('[data-action=sign-in]')
    # then the studio opens
    b.find('[data-screen=dashboard]')
