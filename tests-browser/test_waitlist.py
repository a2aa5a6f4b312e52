"""The waitlist in the browser: a receptionist puts a client on it (days and hours that suit her),
books her from the entry on an offered start; for a freed time the waiting clients are ranked with
each score's parts and one is booked there; a cancelled booking's card shows who fits its time."""

import datetime
import uuid
import zoneinfo

from harness import check
from test_money import confirm
from test_studio_setup import new_studio, set_value, toast

ZONE = 'Europe/Moscow'  # the studio's zone in new_studio


def test_waitlist_entry_booked_and_a_freed_time_matched(t):
    # given a Veloria studio with a service, a staff member working every day 09:00–21:00 and two clients
    b = t.browser()
    api = new_studio(t, b, 'Waitlist Studio')
    api.post('/billing/plan', {'plan': 'veloria'}, expect=200)
    service = api.post('/services', {'category': 'Ногти', 'name': 'Маникюр', 'basePrice': '1500.00', 'durationMinutes': 60})
    week = {str(d): [['09:00', '21:00']] for d in range(1, 8)}
    staff = api.post('/staff', {'name': 'Анна', 'serviceIds': [service['id']], 'schedule': week})
    olga = api.post('/clients', {'name': 'Ольга Ждущая', 'phone': f'+7916{uuid.uuid4().int % 10_000_000:07d}'})
    irina = api.post('/clients', {'name': 'Ирина Срочная', 'phone': f'+7916{uuid.uuid4().int % 10_000_000:07d}'})
    tomorrow = (datetime.datetime.now(zoneinfo.ZoneInfo(ZONE)) + datetime.timedelta(days=1)).date()

    # when Olga is put on the waitlist from the screen: any staff member, her weekday of tomorrow, 10:00–14:00
    b.open('/waitlist')
    b.find('[data-screen=waitlist] [data-empty]')
    b.click('[data-action=new-entry]')
    b.type('[data-form=waitlist-entry] [data-client-search]', 'Ольга')
    b.click(f'[data-form=waitlist-entry] [data-pick="{olga["id"]}"]')
    b.click(f'[data-form=waitlist-entry] input[name=days][value="{tomorrow.isoweekday()}"] + span')
    set_value(b, '[data-form=waitlist-entry] select[name="windows.0"]', '10:00')
    set_value(b, '[data-form=waitlist-entry] select[name=windowEnd]', '14:00')
    set_value(b, '[data-form=waitlist-entry] select[name=priority]', '4')
    b.click('[data-action=save-entry]')
    toast(b)
    # then she is listed as waiting, with her day and hours
    row = b.find(f'[data-screen=waitlist] .waitlist-row[data-status=active]')
    check('Ольга' in row.text and '10:00–14:00' in row.text, f'the row reads {row.text!r}')
    entry = api.call('GET', '/waitlist', expect=200)['items'][0]
    check(entry['days'] == [tomorrow.isoweekday()] and entry['windows'] == [['10:00', '14:00']] and entry['priority'] == 4, f'the API has {entry}')
    b.shot('waitlist')

    # when Irina (urgent) is added through the API and Anna's time tomorrow 10:00–12:00 is matched on the screen
    urgent = api.post('/waitlist', {'clientId': irina['id'], 'serviceId': service['id'], 'priority': 5})
    b.open('/waitlist')
    b.click('[data-action=match]')
    set_value(b, '[data-form=match] [name=date]', tomorrow.isoformat())
    set_value(b, '[data-form=match] select[name=from]', '10:00')
    set_value(b, '[data-form=match] select[name=to]', '12:00')
    b.click('[data-action=find-candidates]')
    # then both are ranked with the parts of their scores: Olga's hours fit (25) and outweigh Irina's priority
    b.find('.candidates .candidate')
    ranked = b.js("return [...document.querySelectorAll('.candidate')].map(c => [c.dataset.candidate, Number(c.dataset.score)])")
    check([r[0] for r in ranked] == [entry['id'], urgent['id']], f'the ranking is {ranked}')
    parts = b.js("return [...document.querySelectorAll('.candidate')][0].querySelectorAll('[data-factor]').length")
    check(parts == 5, f'the first candidate shows {parts} parts')
    b.shot('waitlist-match', phone=False)
    # when Olga is booked at that time from the list
    b.click(f'.candidate[data-candidate="{entry["id"]}"] [data-action=book-candidate]')
    toast(b)
    booked = api.call('GET', f'/waitlist/{entry["id"]}', expect=200)
    check(booked['status'] == 'booked' and booked['appointmentId'], f'the entry is {booked["status"]}')
    appointment = api.call('GET', f'/appointments/{booked["appointmentId"]}', expect=200)
    check(appointment['source'] == 'waitlist' and appointment['startsAt'].startswith(f'{tomorrow.isoformat()}T10:00'), f'the booking: {appointment["startsAt"]}')

    # when Irina is booked from her entry's card on an offered start the day after tomorrow
    b.open(f'/waitlist?id={urgent["id"]}')
    b.click('[data-waitlist-card] [data-action=book-entry]')
    later = (tomorrow + datetime.timedelta(days=1)).isoformat()
    set_value(b, '[data-form=book-entry] [name=date]', later)
    b.click('[data-form=book-entry] .slot')
    b.click('[data-action=confirm-book-entry]')
    toast(b)
    check(api.call('GET', f'/waitlist/{urgent["id"]}', expect=200)['status'] == 'booked', 'Irina is not booked')

    # when Olga's booking is cancelled from its card, the card shows the waitlist for the freed time
    again = api.post('/waitlist', {'clientId': irina['id'], 'serviceId': service['id']})
    b.open(f'/calendar?date={tomorrow.isoformat()}&appointment={booked["appointmentId"]}')
    b.click('.card-actions [data-to=cancelled]')
    confirm(b)
    b.find(f'[data-waitlist-candidates] .candidate[data-candidate="{again["id"]}"]')
    b.shot('appointment-freed-waitlist', phone=False)
