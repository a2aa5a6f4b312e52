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
