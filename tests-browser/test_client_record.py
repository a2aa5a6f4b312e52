"""The client card as a desk uses it: a note joins the history, consents are recorded and revoked,
contact details are edited in the drawer, and the client is archived and restored."""

from harness import check
from test_access import register_in_browser


def test_note_consent_edit_and_archive_on_the_client_card(t):
    # given a studio's owner and a client
    b = t.browser()
    register_in_browser(b, 'Card Studio')
    client_id = b.js_async("""const done = arguments[arguments.length - 1];
        fetch('/api/v1/auth/me').then(r => r.json()).then(me => fetch('/api/v1/clients', {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken},
            body: JSON.stringify({name: 'Карточка Клиентка', phone: '+79165550011'})})).then(r => r.json()).then(c => done(c.id));""")
    b.open(f'/clients/{client_id}')
    # when a note is written
    b.type('.note-form textarea', 'Любит кофе без сахара')
    b.click('.note-form button[type=submit]')
    # then it is in the history
    b.wait(lambda d: 'Любит кофе без сахара' in b.find('.client-timeline').text, 10, 'the note in the history')
    # when a consent is recorded, then revoked
    b.click('button.record-consent')
    b.js("document.querySelector('.consent-form select[name=kind]').value = 'marketing_sms';")
    b.click('.consent-form button[type=submit]')
    b.find('.consent-list li[data-consent="marketing_sms"][data-active="true"]')
    b.click('.consent-list li[data-consent="marketing_sms"] button.revoke')
    b.click('.dialog [data-action=ok]')
    b.find('.consent-list li[data-consent="marketing_sms"][data-active="false"]')
    # when the phone is changed in the drawer (a bad one first: the form keeps its values)
    b.click('button.edit-client')
    b.type('form.client-edit input[name=phone]', 'abc')
    b.click('form.client-edit button[type=submit]')
    b.find('form.client-edit .field-error[data-field-error=phone]')
    check(b.find('form.client-edit input[name=name]').get_attribute('value') == 'Карточка Клиентка', 'the form lost its values')
    b.type('form.client-edit input[name=phone]', '+7 916 555-00-22')
    b.click('form.client-edit button[type=submit]')
    b.wait(lambda d: '+79165550022' in b.find('.client-head').text, 10, 'the new phone on the card')
    b.shot('client-card-record')
    # when archived, then restored
    b.click('button.archive-client')
    b.click('.dialog [data-action=ok]')
    b.find('.client-head .archived')
    check(not b.driver.find_elements('css selector', 'button.edit-client'), 'an archived client can still be edited')
    b.click('button.archive-client')
    b.click('.dialog [data-action=ok]')
    b.find('button.edit-client')
