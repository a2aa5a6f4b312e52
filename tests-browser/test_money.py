"""Money in the browser: an invoice made by hand and issued, a manual payment with its proof
recorded by one person and approved by a second, the invoice paid, part of it refunded onto the
client's wallet, a personal discount granted; another studio cannot open the client's money; and
screenshots of the payments, messages, templates, integrations and jobs screens.

The demo studio is used because it has two people (the owner records, the manager approves)."""

import base64
import os
import tempfile
import time
import uuid

from harness import DESK, PHONE, check
from test_access import register_in_browser

MANAGER = ('manager@demo.veloria.local', 'veloria-demo')
# A 1×1 PNG: the receipt's photo.
PNG = base64.b64decode('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==')


def demo_api(t):
    api = t.api()
    api.login(*t.demo)
    return api


def confirm(b):
    b.click('.dialog [data-action=ok]')
    b.gone('.dialog-backdrop')


def test_invoice_manual_payment_approved_by_second_person_refund_to_wallet_and_discount(t):
    # given a client of the demo studio
    api = demo_api(t)
    name = f'Деньги {uuid.uuid4().hex[:6]}'
    client = api.post('/clients', {'name': name, 'phone': f'+7916{uuid.uuid4().int % 10_000_000:07d}'})
    owner = t.browser()
    owner.sign_in_session(*t.demo)

    # when the owner makes an invoice by hand: the client, one service line, kept as a draft
    owner.open('/invoices')
    owner.find('[data-screen=invoices] .money-row')
    owner.shot('invoices')
    owner.click('[data-action=new-invoice]')
    owner.type('[data-client-search]', name)
    owner.click(f'[data-pick="{client["id"]}"]')
    owner.wait(lambda d: owner.js("return document.querySelectorAll('[data-line-service] option').length > 1"), what='the services of the line')
    owner.js("""const s = document.querySelector('[data-line-service]'); s.value = s.options[1].value; s.dispatchEvent(new Event('change'));""")
    price = owner.js("return document.querySelector('[data-line-price]').value")
    owner.click('[data-draft] + span')
    owner.shot('invoice-new')
    owner.click('[data-action=create-invoice]')
    card = owner.find('.invoice-card[data-status=draft]')
    invoice_id = card.get_attribute('data-invoice')
    # and issues it
    owner.click('[data-action=issue]')
    owner.find(f'.invoice-card[data-invoice="{invoice_id}"][data-status=issued]')
    invoice = api.call('GET', f'/invoices/{invoice_id}', expect=200)
    check(invoice['number'] and invoice['payable'] == price, f'the issued invoice is not as made: {invoice}')
    check(invoice['number'] in owner.text(), 'the card does not show the number')
    owner.shot('invoice-card')

    # when the owner records the cash payment with the receipt's photo
    owner.click('[data-action=manual-payment]')
    owner.type('[data-form=manual-payment] textarea[name=comment]', 'Наличные на стойке')
    receipt = os.path.join(tempfile.mkdtemp(), 'receipt.png')
    with open(receipt, 'wb') as f:
        f.write(PNG)
    owner.find('[data-proof]').send_keys(receipt)
    owner.click('[data-action=record-manual]')
    owner.gone('[data-form=manual-payment]')
    row = owner.find('.invoice-card [data-payment-row][data-status=pending]')
    payment_id = row.get_attribute('data-payment-row')
    # then the owner, its creator, is not offered the approval
    owner.open(f'/payments?id={payment_id}')
    owner.find(f'.payment-card[data-payment="{payment_id}"] [data-own-payment]')
    check(not owner.driver.find_elements('css selector', '.payment-card [data-action=approve]'), 'the creator is offered to approve her own payment')
    owner.shot('payment-pending')

    # when the manager (a second person with payments.approve) approves it
    manager = t.browser()
    manager.sign_in_session(*MANAGER)
    manager.open(f'/payments?id={payment_id}&status=pending')
    manager.click(f'.payment-card[data-payment="{payment_id}"] [data-action=approve]')
    confirm(manager)
    manager.find(f'.payment-card[data-payment="{payment_id}"][data-status=succeeded]')
    # then the invoice shows paid
    manager.open(f'/invoices?id={invoice_id}')
    paid = manager.find(f'.invoice-card[data-invoice="{invoice_id}"][data-status=paid]')
    check('0,00' in paid.find_element('css selector', '[data-figure=balance]').text, 'the paid invoice still has a balance')

    # when the owner refunds 500 of it onto the client's wallet
    owner.open(f'/payments?id={payment_id}')
    owner.click('.payment-card [data-action=refund]')
    owner.type('[data-form=refund] input[name=amount]', '500')
    owner.click('[data-form=refund] [data-to-wallet] + span')
    owner.click('[data-action=refund-submit]')
    dialog = owner.find('.dialog')
    check('500' in dialog.text, f'the refund confirm does not name the amount: {dialog.text!r}')
    confirm(owner)
    owner.gone('[data-form=refund]')
    # then the client's money page shows 500 on the wallet, with the refund in the ledger
    owner.open(f'/clients/{client["id"]}/money')
    balance = owner.find('[data-wallet-balance]')
    check(balance.get_attribute('data-wallet-balance') == '500.00' and '500' in balance.text, f'the wallet shows {balance.text!r}')
    owner.find('.wallet-entry[data-entry=refund]')

    # when the owner grants a personal discount of 15 % on every service
    owner.click('[data-action=grant-discount]')
    owner.type('[data-form=grant-discount] input[name=percent]', '15')
    owner.type('[data-form=grant-discount] input[name=note]', 'Постоянная клиентка')
    owner.click('[data-action=grant-submit]')
    # then it is listed as active
    discount = owner.find('.discount-row[data-state=active]')
    check('15' in discount.text and 'Постоянная клиентка' in discount.text, f'the discount row reads {discount.text!r}')
    check(len(api.call('GET', f'/clients/{client["id"]}/discounts', expect=200)['items']) == 1, 'the API does not hold the discount')

    # when the owner sells the client a package
    owner.click('[data-action=sell-package]')
    owner.find('[data-package-select]')
    owner.click('[data-action=sell-submit]')
    confirm(owner)
    # then it is listed with its visits left per service
    sold = owner.find('[data-client-package][data-expired=false]')
    check(sold.find_elements('css selector', '[data-unit]'), 'the sold package shows no services')
    owner.shot('client-money')

    # when the refunded 500 (the invoice owes it again) is paid from the wallet
    owner.click(f'[data-open-invoice="{invoice_id}"] [data-action=wallet-pay-invoice]')
    check('500' in owner.find('.dialog').text, 'the wallet confirm does not name the amount')
    confirm(owner)
    # then the wallet is empty and the invoice paid
    owner.wait(lambda d: owner.js("const el = document.querySelector('[data-wallet-balance]'); return el && el.dataset.walletBalance === '0.00';"), what='the wallet to be spent')
    check(api.call('GET', f'/invoices/{invoice_id}', expect=200)['status'] == 'paid', 'the invoice is not paid after the wallet payment')


def test_another_studio_cannot_open_a_clients_money(t):
    # given a client of the demo studio
    api = demo_api(t)
    client = api.post('/clients', {'name': 'Чужие Деньги', 'phone': f'+7916{uuid.uuid4().int % 10_000_000:07d}'})
    # when another studio's owner opens that client's money route
    b = t.browser()
    register_in_browser(b, 'Money Other')
    b.open(f'/clients/{client["id"]}/money')
    # then not found, none of the client's data
    b.find('[data-screen=not-found]')
    check('Чужие' not in b.text(), 'another studio sees the client')
    check(not b.driver.find_elements('css selector', '[data-screen=client-money]'), 'the money screen mounted for another studio')


def test_messages_templates_integrations_jobs_screens(t):
    # given the demo owner
    b = t.browser()
    b.sign_in_session(*t.demo)
    # when the owner opens each screen, then it mounts and shows its list
    b.open('/payments')
    b.find('[data-screen=payments] .money-row')
    b.click('[data-screen=payments] .money-row')
    b.find('.payment-card')
    b.shot('payments')
    # on a phone the card opens full screen in the drawer
    b.driver.set_window_size(*PHONE)
    b.click('[data-screen=payments] .money-row')
    b.find('.drawer.open .payment-card')
    time.sleep(0.3)
    b.driver.save_screenshot(os.path.join(b.screens, 'payment-card-phone.png'))
    b.driver.find_element('css selector', '.drawer-close').click()
    b.driver.set_window_size(*DESK)
    b.open('/messages')
    b.find('[data-screen=messages]')
    b.click('[data-action=new-message]')
    b.find('[data-form=send-message]')
    b.shot('messages')
    b.open('/message-templates')
    b.click('[data-screen=templates] .template-row')
    body = b.find('[data-template-body]')
    body.send_keys(' Ждём вас!')
    b.click('[data-action=save-template]')
    b.find('[data-action=reset-template]')
    b.shot('templates')
    b.click('[data-action=reset-template]')
    confirm(b)
    b.gone('[data-action=reset-template]')
    b.open('/integrations')
    b.find('[data-integration=yookassa]')
    b.click('[data-integration=telegram] [data-action=connect]')
    secret = b.find('[data-form=integration] input[name=botToken]')
    check(secret.get_attribute('type') == 'password' and secret.get_attribute('value') == '', 'the secret field is not write-only')
    b.driver.find_element('css selector', '.drawer-close').click()
    b.shot('integrations')
    b.open('/jobs')
    b.find('[data-screen=jobs]')
    b.find('.queue-stats [data-queue]')
    b.shot('jobs')
    # and the client's money route for the demo client of the seed
    api = demo_api(t)
    first = api.call('GET', '/clients?limit=1', expect=200)['items'][0]
    b.open(f'/clients/{first["id"]}/money')
    b.find('[data-screen=client-money] [data-panel=packages]')


def appointments_without_invoice(api, count):
    """Completed, unpaid visits of the demo studio that have no invoice yet."""
    found = []
    for a in api.call('GET', '/appointments?limit=200&filter[status]=completed', expect=200)['items']:
        if a['paymentStatus'] == 'unpaid' and not api.call('GET', f'/invoices?filter[appointmentId]={a["id"]}', expect=200)['items']:
            found.append(a)
            if len(found) == count:
                break
    return found


def test_invoice_from_an_appointment(t):
    # given two completed visits of the demo studio without an invoice
    api = demo_api(t)
    visits = appointments_without_invoice(api, 2)
    check(len(visits) == 2, 'the demo studio has no completed visits left to invoice')
    first, second = visits
    b = t.browser()
    b.sign_in_session(*t.demo)
    b.open('/invoices')
    # when the appointment card's entry point is called for the first one
    b.js("import('/app/js/screens/invoices.js').then((m) => m.openInvoiceForAppointment(arguments[0]));", first['id'])
    b.click('.dialog [data-action=ok]')
    # then its invoice opens in the drawer at the booking's price
    card = b.find('.drawer.open .invoice-card[data-status=issued]')
    invoice = api.call('GET', f'/invoices?filter[appointmentId]={first["id"]}', expect=200)['items'][0]
    check(card.get_attribute('data-invoice') == invoice['id'] and invoice['payable'] == first['price'], f'the invoice of the visit is {invoice}')
    b.driver.find_element('css selector', '.drawer-close').click()
    # and called again, it opens the same invoice instead of making a second one
    b.js("import('/app/js/screens/invoices.js').then((m) => m.openInvoiceForAppointment(arguments[0]));", first['id'])
    b.find(f'.drawer.open .invoice-card[data-invoice="{invoice["id"]}"]')
    b.driver.find_element('css selector', '.drawer-close').click()
    # when the second visit is picked under its client in the new invoice form
    client = api.call('GET', f'/clients/{second["clientId"]}', expect=200)
    b.click('[data-action=new-invoice]')
    b.type('[data-client-search]', client['name'])
    b.click(f'[data-pick="{client["id"]}"]')
    b.click(f'[data-appointment="{second["id"]}"]')
    # then its invoice is made and shown
    b.find('.invoice-card[data-status=issued]')
    made = api.call('GET', f'/invoices?filter[appointmentId]={second["id"]}', expect=200)['items']
    check(len(made) == 1, f'the second visit has {len(made)} invoices')
    b.shot('invoice-from-visit')
    # when it is to be paid online while no payment provider is connected, then the API's words say so
    b.click(f'.invoice-card[data-invoice="{made[0]["id"]}"] [data-action=pay-online]')
    b.click('[data-action=create-online]')
    check('ЮKassa' in b.find('[data-toast=error]').text, 'the refusal of the online payment is not shown in words')
    b.driver.find_element('css selector', '.drawer-close').click()
    # when it is voided, the confirm names the client, then the invoice is void
    b.click(f'.invoice-card[data-invoice="{made[0]["id"]}"] [data-action=void]')
    check(client['name'] in b.find('.dialog').text, 'the void confirm does not name the client')
    confirm(b)
    b.find(f'.invoice-card[data-invoice="{made[0]["id"]}"][data-status=void]')


def test_wallet_top_up_by_hand_rejected_by_second_person(t):
    # given a client of the demo studio, her money page open for the owner
    api = demo_api(t)
    client = api.post('/clients', {'name': f'Кошелёк {uuid.uuid4().hex[:6]}', 'phone': f'+7916{uuid.uuid4().int % 10_000_000:07d}'})
    owner = t.browser()
    owner.sign_in_session(*t.demo)
    owner.open(f'/clients/{client["id"]}/money')
    # when the owner tops the wallet up by hand with 1 000 and a receipt
    owner.click('[data-action=topup-manual]')
    owner.type('[data-form=manual-payment] input[name=amount]', '1000')
    owner.type('[data-form=manual-payment] textarea[name=comment]', 'Перевод на карту')
    receipt = os.path.join(tempfile.mkdtemp(), 'transfer.png')
    with open(receipt, 'wb') as f:
        f.write(PNG)
    owner.find('[data-proof]').send_keys(receipt)
    owner.click('[data-action=record-manual]')
    owner.gone('[data-form=manual-payment]')
    payments = api.call('GET', f'/payments?filter[clientId]={client["id"]}', expect=200)['items']
    check(len(payments) == 1 and payments[0]['kind'] == 'top_up' and payments[0]['status'] == 'pending', f'the top-up is {payments}')
    # then nothing is on the wallet before the approval
    check(api.call('GET', f'/clients/{client["id"]}/wallet', expect=200)['balance'] == '0.00', 'an unapproved top-up reached the wallet')
    # when the manager rejects it, saying why
    manager = t.browser()
    manager.sign_in_session(*MANAGER)
    manager.open(f'/payments?id={payments[0]["id"]}')
    manager.click('.payment-card [data-action=reject]')
    manager.click('[data-action=reject-submit]')
    manager.find('[data-form=reject] [data-field-error=comment]')
    manager.type('[data-form=reject] textarea[name=comment]', 'Перевода нет в выписке')
    manager.click('[data-action=reject-submit]')
    manager.gone('[data-form=reject]')
    # then the payment is no longer pending and the wallet stays empty
    manager.wait(lambda d: api.call('GET', f'/payments/{payments[0]["id"]}', expect=200)['status'] != 'pending', what='the rejection')
    manager.find(f'.payment-card[data-payment="{payments[0]["id"]}"]:not([data-status=pending])')
    check(api.call('GET', f'/clients/{client["id"]}/wallet', expect=200)['balance'] == '0.00', 'a rejected top-up reached the wallet')
    manager.shot('payment-rejected')


def test_connect_an_sms_provider_secret_never_shown_back(t):
    # given a new studio's owner on the integrations screen
    b = t.browser()
    register_in_browser(b, 'Integrations Studio')
    b.open('/integrations')
    # when she connects SMS Aero, first leaving the key out
    b.click('[data-integration=smsaero] [data-action=connect]')
    b.type('[data-form=integration] input[name=email]', 'studio@example.com')
    b.type('[data-form=integration] input[name=sign]', 'Veloria')
    b.click('[data-action=save-integration]')
    # then the missing key is marked under its field, and the form keeps what was typed
    b.find('[data-form=integration] [data-field-error=apiKey]')
    check(b.find('[data-form=integration] input[name=sign]').get_attribute('value') == 'Veloria', 'the form lost the typed sign')
    # when the key is given, then it is enabled
    b.type('[data-form=integration] input[name=apiKey]', 'secret-key-123')
    b.click('[data-action=save-integration]')
    b.find('[data-integration=smsaero][data-state=enabled]')
    # and the key is never shown back: its field is empty, saying one is stored
    b.click('[data-integration=smsaero] [data-action=connect]')
    key = b.find('[data-form=integration] input[name=apiKey]')
    check(key.get_attribute('value') == '' and 'secret-key-123' not in b.driver.page_source, 'the stored key is shown back')
    check(key.get_attribute('placeholder'), 'the field does not say a key is stored')
    b.driver.find_element('css selector', '.drawer-close').click()
    # when she disables it, then it is disabled
    b.click('[data-integration=smsaero] [data-action=disable]')
    b.find('[data-integration=smsaero][data-state=disabled]')
