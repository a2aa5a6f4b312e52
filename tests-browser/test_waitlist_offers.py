"""Automatic waitlist offers (calendar.autofill): the owner switches them on from the waitlist
screen; a cancelled booking's time is held for the waiting client and offered to her by email;
she opens the offer page and books it; the booking's card shows the chain of offers."""

import datetime
import os
import re
import urllib.parse
import uuid
import zoneinfo

from harness import check
from test_storefront import open_page
from test_studio_setup import new_studio, toast

ZONE = 'Europe/Moscow'  # the studio's zone in new_studio


def test_waitlist_offer_accepted_from_its_page_and_shown_on_the_card(t):
    # given an Imperium studio whose email goes through SMTP (the test's mail sink), a service,
    # Anna working every day, Maria's booking tomorrow 15:00 and Olga waiting for the service by email
    b = t.browser()
    api = new_studio(t, b, 'Offers Studio')
    api.post('/billing/plan', {'plan': 'imperium'}, expect=200)
    port = urllib.parse.urlparse(os.environ['MAIL_URL']).port
    api.call('PUT', '/integrations/smtp', {'host': '127.0.0.1', 'port': port, 'security': 'none', 'fromAddress': 'studio@offers.test'}, expect=200)
    # (no quiet hours: the run may be at night in the studio's zone)
    api.call('PUT', '/settings/notifications', {'channels': ['telegram', 'sms', 'email'], 'quietHours': None}, expect=200)
    service = api.post('/services', {'category': 'Ногти', 'name': 'Маникюр', 'basePrice': '1500.00', 'durationMinutes': 60})
    week = {str(d): [['08:00', '22:00']] for d in range(1, 8)}
    staff = api.post('/staff', {'name': 'Анна', 'serviceIds': [service['id']], 'schedule': week})
    maria = api.post('/clients', {'name': 'Мария Отменяющая', 'phone': f'+7916{uuid.uuid4().int % 10_000_000:07d}'})
    address = f'olga-{uuid.uuid4().hex[:6]}@client.test'
    olga = api.post('/clients', {'name': 'Ольга Ждущая', 'email': address})
    entry = api.post('/waitlist', {'clientId': olga['id'], 'serviceId': service['id'], 'priority': 5, 'channel': 'email'})
    tomorrow = (datetime.datetime.now(zoneinfo.ZoneInfo(ZONE)) + datetime.timedelta(days=1)).date()
    booked = api.post('/appointments', {'clientId': maria['id'], 'serviceId': service['id'], 'staffId': staff['id'],
                                        'startsAt': f'{tomorrow.isoformat()}T15:00:00'})

    # when the owner switches automatic offers on from the waitlist screen (20-minute offers)
    b.open('/waitlist')
    b.click('[data-action=autofill]')
    form = '[data-form=autofill]'
    b.find(f'{form} input[name=offerMinutes]')
    b.click(f'{form} input[name=autofill] + span')
    b.type(f'{form} input[name=offerMinutes]', '20')
    b.click('[data-action=save-autofill]')
    toast(b)
    settings = api.call('GET', '/settings/waitlist', expect=200)
    check(settings == {'autofill': True, 'offerMinutes': 20}, f'the settings are {settings}')
    b.shot('waitlist-autofill', phone=False)

    # and Maria's booking is cancelled
    api.call('POST', f'/appointments/{booked["id"]}/cancel', {}, expect=200)

    # then Olga gets an email with the offer's link, and the time is held for her
    text = t.email_to(address, contains='/offer/', timeout=30)
    link = re.search(r'https?://\S+/book/\S+/offer/\S+', text)
    check(link is not None, f'no offer link in {text!r}')
    chain = api.call('GET', f'/appointments/{booked["id"]}/waitlist-offers', expect=200)['items']
    check([o['status'] for o in chain] == ['offered'] and chain[0]['entryId'] == entry['id'], f'the chain is {chain}')
    path = urllib.parse.urlparse(link.group(0)).path

    # when she opens the offer page and books the time
    open_page(b, path)
    page = b.find('[data-screen=offer][data-status=offered]')
    check('Маникюр' in page.text and 'Анна' in page.text and '15:00' in page.text, f'the offer page reads {page.text!r}')
    b.shot('waitlist-offer')
    b.click('[data-action=accept]')
    # then she is booked, the page says so, and her entry is booked with the held appointment
    b.find('[data-screen=offer][data-status=accepted] [data-outcome=accepted]')
    b.find('[data-action=manage]')
    b.shot('waitlist-offer-accepted')
    stored = api.call('GET', f'/waitlist/{entry["id"]}', expect=200)
    check(stored['status'] == 'booked' and stored['appointmentId'] == chain[0]['appointmentId'], f'the entry is {stored}')
    held = api.call('GET', f'/appointments/{chain[0]["appointmentId"]}', expect=200)
    check(held['status'] == 'confirmed' and held['source'] == 'waitlist', f'the booking is {held["status"]} from {held["source"]}')

    # when the cancelled booking's card is opened, the chain shows Olga's accepted offer
    b.driver.set_window_size(1366, 900)
    b.open(f'/calendar?date={tomorrow.isoformat()}&appointment={booked["id"]}')
    offer = b.find(f'[data-offer-chain] .offer[data-offer-status=accepted]')
    check('Ольга' in offer.text, f'the chain reads {offer.text!r}')
    b.shot('appointment-offer-chain', phone=False)
    # and Olga's own booking card shows it too
    b.open(f'/calendar?date={tomorrow.isoformat()}&appointment={held["id"]}')
    b.find('[data-offer-chain] .offer[data-offer-status=accepted]')
