"""Two-stage payment in the browser: a Veloria studio with YooKassa (the local fake of its API) pays
an invoice with the money only held on the card; the held payment is taken in part from its card
(the rest goes back), and another hold is released. The server's real YooKassa client does the
talking; the test checks what the API then says."""

import uuid

from harness import check, unique_email
from test_money import confirm
from test_studio_setup import toast


def studio_with_yookassa(t):
    api = t.api()
    email = unique_email('hold')
    api.register('Hold Studio', email)
    api.post('/billing/plan', {'plan': 'veloria'}, expect=200)
    api.call('PUT', '/integrations/yookassa', {'shopId': '506751', 'secretKey': 'test_secret'}, expect=200)
    client = api.post('/clients', {'name': 'Ольга Холд', 'phone': f'+7916{uuid.uuid4().int % 10_000_000:07d}'})
    return api, email, client


def invoice(api, client, total):
    return api.post('/invoices', {'clientId': client['id'], 'items': [{'description': 'Окрашивание', 'unitPrice': total}]})


def hold_from_the_invoice_card(b, invoice_id):
    b.open(f'/invoices?id={invoice_id}')
    b.click(f'.invoice-card[data-invoice="{invoice_id}"] [data-action=pay-online]')
    b.click('[data-form=pay-online] .hold-option span')
    b.click('[data-action=create-online]')
    toast(b)
    b.find(f'.invoice-card[data-invoice="{invoice_id}"] [data-payment-row][data-status=pending]')


def test_held_money_is_taken_in_part_and_another_hold_released(t):
    # given a Veloria studio with YooKassa and an issued invoice of 3000
    api, email, client = studio_with_yookassa(t)
    first = invoice(api, client, '3000.00')
    b = t.browser()
    b.sign_in_session(email, 'browser-test-pw')
    # when the receptionist takes the payment as a hold only
    hold_from_the_invoice_card(b, first['id'])
    payment = api.call('GET', f'/payments?filter[invoiceId]={first["id"]}', expect=200)['items'][0]
    check(payment['capture'] is False and payment['status'] == 'pending', f'the payment is not a hold: {payment}')
    # and, once the client has paid at the checkout, checks its status from the payments list (bulk)
    b.open('/payments?status=pending')
    b.click(f'[data-payment-row="{payment["id"]}"] input.pick')
    b.click('.bulk-bar .bulk-refresh')
    b.wait(lambda d: api.call('GET', f'/payments/{payment["id"]}', expect=200)['status'] == 'waiting_for_capture', what='the hold to be seen')
    # then its card offers to take or release the held money; 2000 of the 3000 is taken
    b.open(f'/payments?id={payment["id"]}')
    b.find(f'.payment-card[data-payment="{payment["id"]}"][data-status=waiting_for_capture]')
    b.shot('payment-held')
    b.click('.payment-card [data-action=capture]')
    b.type('[data-form=capture] input[name=amount]', '2000')
    b.click('[data-action=capture-submit]')
    toast(b)
    b.find(f'.payment-card[data-payment="{payment["id"]}"][data-status=succeeded]')
    taken = api.call('GET', f'/payments/{payment["id"]}', expect=200)
    check(taken['status'] == 'succeeded' and taken['amount'] == '2000.00', f'the capture did not take 2000: {taken}')
    owed = api.call('GET', f'/invoices/{first["id"]}', expect=200)
    check(owed['status'] == 'partially_paid' and owed['balance'] == '1000.00', f'the invoice after the capture: {owed["status"]} {owed["balance"]}')

    # when another invoice is held and the hold is released (asked once)
    second = invoice(api, client, '1500.00')
    hold_from_the_invoice_card(b, second['id'])
    held = api.call('GET', f'/payments?filter[invoiceId]={second["id"]}', expect=200)['items'][0]
    api.call('POST', f'/payments/{held["id"]}/refresh', {}, expect=200)
    b.open(f'/payments?id={held["id"]}')
    b.click(f'.payment-card[data-payment="{held["id"]}"] [data-action=release]')
    check('1' in b.find('.dialog').text, 'the release confirm does not name the amount')
    confirm(b)
    shown = b.find('[data-toast]')
    check(shown.get_attribute('data-toast') == 'success', f'the release answered {shown.text!r}')
    # then nothing was taken and the invoice still owes all of it
    b.wait(lambda d: api.call('GET', f'/payments/{held["id"]}', expect=200)['status'] == 'cancelled', what='the release')
    check(api.call('GET', f'/invoices/{second["id"]}', expect=200)['balance'] == '1500.00', 'the released hold paid the invoice')
