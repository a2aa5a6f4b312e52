"""A studio's first week in one run, the way a person who never read the API does it: sign up; add a
service, a staff member with working hours and a client in the screens; book on an offered start
from the calendar; confirm; make the visit's invoice and issue it; record the cash payment with the
receipt's photo; invite a manager by email (the invitation arrives through the server's SMTP client
in the test's mail sink), who sets a password from the link and approves the payment (the second
person); then the client's timeline shows the visit, the invoice and the payment; then English."""

import datetime
import os
import re
import tempfile
import zoneinfo

from harness import check, unique_email
from test_booking import ZONE, click_cell
from test_money import PNG, confirm
from test_studio_setup import set_value, toast


def test_sign_up_to_the_clients_timeline_with_a_second_persons_approval(t):
    b = t.browser()
    email = unique_email('week')
    # --- sign up -------------------------------------------------------------------------
    b.open('/sign-up')
    # a Russian studio (the headless browser's own language is English): roubles, Russian screens
    b.click('.auth-lang [data-locale=ru]')
    b.wait(lambda d: 'Создать' in b.text() or 'студи' in b.text().lower(), what='the Russian sign-up form')
    b.type('[name=name]', 'Студия Недели')
    b.type('[name=slug]', 'week-' + email.split('@')[0].split('-')[1])
    b.type('[name=ownerName]', 'Вера Неделина')
    b.type('[name=ownerEmail]', email)
    b.type('[name=ownerPassword]', 'browser-test-pw')
    b.type('[name=timezone]', ZONE)
    b.click('[data-action=sign-up]')
    b.find('[data-screen=dashboard]')
    check('Календарь' in b.text(), 'the studio was not set up in Russian')

    # --- a service in the catalogue --------------------------------------------------------
    b.go('/services')
    b.click('[data-action=new]')
    b.type('[data-form=service] [name=name]', 'Маникюр недели')
    b.type('[data-form=service] [name=category]', 'Ногти')
    b.type('[data-form=service] [name=basePrice]', '1800')
    b.type('[data-form=service] [name=durationMinutes]', '60')
    b.click('[data-form=service] [data-action=save]')
    toast(b)
    service_row = b.find('[data-screen=catalog] [data-category="Ногти"] [data-list-item]')
    check('Маникюр недели' in service_row.text, f'the service row reads {service_row.text!r}')

    # --- a staff member who works every day 09:00–21:00 and performs it ----------------------
    b.go('/staff')
    b.driver.find_element('css selector', 'body').send_keys('n')
    b.type('[data-form=staff] [name=name]', 'Анна Недельная')
    b.click('[data-form=staff] [data-action=save]')
    toast(b)
    b.find('[data-card=staff] [data-form=schedule]')
    for day in range(1, 8):
        box = f'[data-card=staff] [data-weekday="{day}"]'
        if not b.js(f'return document.querySelectorAll(\'{box} [data-interval]\').length'):
            b.click(f'{box} [data-action=add-interval]')
        set_value(b, f'{box} select[name="schedule.{day}[0].start"]', '09:00')
        set_value(b, f'{box} select[name="schedule.{day}[0]"]', '21:00')
    b.click('[data-card=staff] [data-action=save-schedule]')
    toast(b)
    b.click('[data-card=staff] [data-service] + span')
    b.click('[data-card=staff] [data-action=save-services]')
    toast(b)
    staff_id = b.find('[data-card=staff]').get_attribute('data-id')

    # --- a client from the clients list ------------------------------------------------------
    b.go('/clients')
    b.click('button.new-client-button')
    b.type('form.new-client input[name=name]', 'Ирина Недельная')
    b.type('form.new-client input[name=phone]', '+79161112233')
    b.click('form.new-client button[type=submit]')
    b.find('[data-screen=client-card]')
    client_id = re.search(r'#/clients/([0-9a-f-]{36})', b.driver.current_url).group(1)

    # --- book tomorrow 10:00 on an offered start, then confirm ---------------------------------
    tomorrow = (datetime.datetime.now(zoneinfo.ZoneInfo(ZONE)) + datetime.timedelta(days=1)).date().isoformat()
    b.go(f'/calendar?date={tomorrow}')
    b.find('[data-screen=calendar] .cal')
    click_cell(b, staff_id, 10 * 60)
    b.find('[data-form=booking]')
    b.type('[data-field=client-search]', 'Ирина')
    b.click(f'.picker-item[data-client="{client_id}"]')
    b.find('.slot.selected[data-local="10:00"]')
    b.click('[data-action=book]')
    b.gone('.drawer')
    block = b.find('.cal-block[data-status=pending]')
    appointment_id = block.get_attribute('data-id')
    check('Ирина' in block.text, f'the block does not name the client: {block.text!r}')
    block.click()
    b.click('.card-actions [data-to=confirmed]')
    b.find('.appt-card[data-status=confirmed]')
    b.shot('week-confirmed')

    # --- the visit's invoice, issued, and the cash payment with the receipt ----------------------
    b.click('[data-action=invoice]')
    confirm(b)
    invoice_id = b.find('.drawer .invoice-card[data-invoice]').get_attribute('data-invoice')
    b.driver.find_element('css selector', 'body').send_keys('\ue00c')
    b.gone('.drawer')
    b.go(f'/invoices?id={invoice_id}')
    card = b.find(f'.invoice-card[data-invoice="{invoice_id}"]')
    if card.get_attribute('data-status') == 'draft':
        b.click('[data-action=issue]')
    b.find(f'.invoice-card[data-invoice="{invoice_id}"][data-status=issued]')
    b.click('[data-action=manual-payment]')
    b.type('[data-form=manual-payment] textarea[name=comment]', 'Наличные')
    receipt = os.path.join(tempfile.mkdtemp(), 'receipt.png')
    with open(receipt, 'wb') as f:
        f.write(PNG)
    b.find('[data-proof]').send_keys(receipt)
    b.click('[data-action=record-manual]')
    b.gone('[data-form=manual-payment]')
    payment_id = b.find('.invoice-card [data-payment-row][data-status=pending]').get_attribute('data-payment-row')

    # --- a manager is invited by email and accepts from the link --------------------------------
    manager_email = unique_email('manager')
    b.go('/users')
    b.click('[data-action=new]')
    b.type('[data-form=invite] [name=name]', 'Мария Управляющая')
    b.type('[data-form=invite] [name=email]', manager_email)
    set_value(b, '[data-form=invite] select[name=role]', 'manager')
    b.click('[data-form=invite] [data-action=send-invite]')
    toast(b)
    letter = t.email_to(manager_email, 'accept-invitation')
    link = re.search(r'(http://\S+/app/#/accept-invitation\?token=[^\s"<>]+)', letter)
    check(link is not None, f'the invitation email has no link: {letter[:400]!r}')
    manager = t.browser()
    manager.driver.get(link.group(1))
    manager.wait_ready()
    manager.type('[data-form=accept-invitation] [name=password]', 'manager-test-pw')
    manager.click('[data-form=accept-invitation] button[type=submit]')
    manager.find('[data-screen=dashboard]')

    # --- the manager approves the owner's cash payment ------------------------------------------
    manager.go(f'/payments?id={payment_id}')
    manager.click(f'.payment-card[data-payment="{payment_id}"] [data-action=approve]')
    confirm(manager)
    manager.find(f'.payment-card[data-payment="{payment_id}"][data-status=succeeded]')
    manager.go(f'/invoices?id={invoice_id}')
    manager.find(f'.invoice-card[data-invoice="{invoice_id}"][data-status=paid]')

    # --- the owner sees the week on the client's timeline ---------------------------------------
    b.go(f'/clients/{client_id}')
    b.find('[data-screen=client-card] .timeline')
    kinds = b.js("return [...document.querySelectorAll('.timeline-entry')].map(e => e.dataset.kind)")
    check({'appointment', 'invoice', 'payment'} <= set(kinds), f'the timeline shows {kinds}')
    check('Маникюр недели' in b.find('.timeline-entry[data-kind=appointment]').text, 'the visit on the timeline does not name the service')
    check('1 800' in b.find('[data-screen=client-card]').text.replace('\u00a0', ' ').replace('\u202f', ' '), 'the card does not show the 1 800 ₽ spent')
    b.shot('week-timeline')

    # --- and in English -----------------------------------------------------------------------
    b.click('[data-action=profile]')
    b.click('.profile-menu [data-locale=en]')
    b.wait(lambda d: 'Calendar' in b.text(), what='the English menu')
    b.find('[data-screen=client-card] .timeline')
    check('timeline' in b.find('.client-timeline').text.lower() and 'Календарь' not in b.text(), 'the client card is not in English')
    b.shot('week-timeline-en')
