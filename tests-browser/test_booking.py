"""The first working day of a new studio: sign up in the browser, add a service, a staff member
with weekly hours and a client, book on an offered start from the calendar, confirm it from the
card; then ask why the same time cannot be booked again."""

import datetime
import zoneinfo

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder

from harness import check, unique_email

ZONE = 'Asia/Yekaterinburg'  # not the browser's zone (UTC in CI): times must follow the studio


def click_cell(b, staff_id, minutes):
    """Clicks (a real pointer click) the calendar cell of a staff member at a local time."""
    b.find(f'.cal-col[data-staff="{staff_id}"]')
    x, y = b.js("""const [staffId, minutes] = arguments;
        const column = document.querySelector(`.cal-col[data-staff="${staffId}"]`);
        const from = Number(document.querySelector('.cal').dataset.from);
        const offset = (minutes - from) / 15 * 16 + 8;
        const host = document.querySelector('[data-calendar]');
        host.scrollTop = Math.max(0, offset - 150);
        const rect = column.getBoundingClientRect();
        return [Math.round(rect.left + Math.min(rect.width / 2, 120)), Math.round(rect.top + offset)];""", staff_id, minutes)
    actions = ActionBuilder(b.driver)
    actions.pointer_action.move_to_location(x, y).click()
    actions.perform()


def test_sign_up_book_on_an_offered_slot_and_confirm(t):
    b = t.browser()
    email = unique_email('owner')
    # given a studio signed up in the browser
    b.open('/sign-up')
    b.shot('sign-up')
    b.type('[name=name]', 'Студия Теста')
    check(b.find('[name=slug]').get_attribute('value').startswith('studiya-testa'), 'the public address is not suggested from the name')
    b.type('[name=slug]', 'studio-' + email.split('@')[0].split('-')[1])
    b.type('[name=ownerName]', 'Вера Тестова')
    b.type('[name=ownerEmail]', email)
    b.type('[name=ownerPassword]', 'browser-test-pw')
    b.type('[name=timezone]', ZONE)
    b.click('[data-action=sign-up]')
    b.find('[data-screen=dashboard]')
    b.shot('dashboard-new-studio')
    b.go('/calendar')
    b.find('[data-empty=no-staff]')
    # and a service, a staff member working every day 09:00–21:00 and a client (through the API)
    api = t.api()
    api.login(email, 'browser-test-pw')
    service = api.post('/services', {'category': 'Ногти', 'name': 'Маникюр', 'basePrice': '1500.00', 'durationMinutes': 60})
    week = {str(d): [['09:00', '21:00']] for d in range(1, 8)}
    staff = api.post('/staff', {'name': 'Анна Мастер', 'serviceIds': [service['id']], 'schedule': week})
    client = api.post('/clients', {'name': 'Ирина Клиентова', 'phone': '+79160000001'})
    tomorrow = (datetime.datetime.now(zoneinfo.ZoneInfo(ZONE)) + datetime.timedelta(days=1)).date().isoformat()

    # when an empty cell at 10:00 tomorrow is clicked
    b.open(f'/calendar?date={tomorrow}')
    b.find('[data-screen=calendar] .cal')
    click_cell(b, staff['id'], 10 * 60)
    # then the booking drawer offers starts, with 10:00 selected
    b.find('[data-form=booking]')
    b.type('[data-field=client-search]', 'Ирина')
    b.click(f'.picker-item[data-client="{client["id"]}"]')
    b.find('.slot.selected[data-local="10:00"]')
    offered = b.js('return [...document.querySelectorAll(".slot")].map(s => s.dataset.local)')
    check('09:00' in offered and '20:00' in offered and '20:15' not in offered, f'unexpected offered starts: {offered[:3]}…{offered[-3:]}')
    b.shot('booking-drawer')
    # when booked, then the block is on the grid at 10:00 and unconfirmed
    b.click('[data-action=book]')
    b.gone('.drawer')
    block = b.find('.cal-block[data-status=pending]')
    check('10:00' in block.text and 'Ирина' in block.text, f'the booked block reads {block.text!r}')
    appointment_id = block.get_attribute('data-id')
    b.shot('calendar-day-booked')
    # when its card is opened and confirmed
    block.click()
    b.find('.appt-card[data-status=pending]')
    actions = b.js('return [...document.querySelectorAll(".card-actions [data-to]")].map(x => x.dataset.to)')
    check(actions[0] == 'confirmed' and 'cancelled' in actions, f'the card offers {actions}')
    b.shot('appointment-card')
    b.click('.card-actions [data-to=confirmed]')
    b.find('.appt-card[data-status=confirmed]')
    # then the API has it confirmed, at 10:00 in the studio's zone
    stored = api.call('GET', f'/appointments/{appointment_id}', expect=200)
    check(stored['status'] == 'confirmed', f'the appointment is {stored["status"]}')
    check(stored['startsAt'].startswith(f'{tomorrow}T10:00:00+05:00'), f'the appointment starts at {stored["startsAt"]}')
    # when the card's invoice is asked for, then the visit's invoice is made (once asked) and shown
    b.click('[data-action=invoice]')
    b.click('.dialog [data-action=ok]')
    invoice = b.find('.drawer .invoice-card[data-invoice]')
    invoices = api.call('GET', f'/invoices?filter[appointmentId]={appointment_id}', expect=200)['items']
    check(len(invoices) == 1 and invoices[0]['id'] == invoice.get_attribute('data-invoice'), f'the visit has invoices {invoices}')
    b.shot('appointment-invoice')
    b.driver.find_element('css selector', 'body').send_keys('\ue00c')  # Esc closes it
    b.gone('.drawer')
    # the invoice took the one drawer: the card opens again from its block
    b.click(f'.cal-block[data-id="{appointment_id}"]')
    b.find('.appt-card[data-status=confirmed]')
    # when "same service in 4 weeks" is tapped, then the booking drawer has the client, service and day set
    b.click('[data-action=rebook]')
    b.find('[data-form=booking] .picker-chosen')
    four_weeks = (datetime.date.fromisoformat(tomorrow) + datetime.timedelta(days=28)).isoformat()
    check(b.find('[data-form=booking] [name=date]').get_attribute('value') == four_weeks, 'the rebooking day is not four weeks on')
    check('Ирина' in b.find('.picker-chosen').text, 'the rebooking has no client')
    b.find('.slot[data-local="10:00"]')
    b.driver.find_element('css selector', 'body').send_keys('\ue00c')  # Esc closes the drawer
    b.gone('.drawer')
    b.find('.cal-block[data-status=confirmed]')

    # when 09:30 is clicked (a 60-minute visit would run into the 10:00 one), "why not" explains it in words
    click_cell(b, staff['id'], 9 * 60 + 30)
    b.find('[data-form=booking]')
    b.click('[data-action=why]')
    answer = b.find('[data-explain]')
    check('09:30' in answer.text and len(answer.find_elements('css selector', 'li')) >= 1, f'the explanation reads {answer.text!r}')
    b.shot('booking-why-not')


def test_drag_refused_puts_the_block_back_and_a_free_drop_moves_it(t):
    # given a studio with two appointments of one staff member tomorrow at 10:00 and 12:00
    api = t.api()
    email = unique_email('drag')
    api.register('Drag Studio', email, timezone=ZONE)
    service = api.post('/services', {'category': 'Hair', 'name': 'Cut', 'basePrice': '1000.00', 'durationMinutes': 60})
    week = {str(d): [['09:00', '21:00']] for d in range(1, 8)}
    staff = api.post('/staff', {'name': 'Mila', 'serviceIds': [service['id']], 'schedule': week})
    client = api.post('/clients', {'name': 'Olga Drag', 'phone': '+79160000002'})
    tomorrow = (datetime.datetime.now(zoneinfo.ZoneInfo(ZONE)) + datetime.timedelta(days=1)).date().isoformat()
    first = api.post('/appointments', {'clientId': client['id'], 'serviceId': service['id'], 'staffId': staff['id'], 'startsAt': f'{tomorrow}T10:00:00'})
    api.post('/appointments', {'clientId': client['id'], 'serviceId': service['id'], 'staffId': staff['id'], 'startsAt': f'{tomorrow}T12:00:00'})
    b = t.browser()
    b.sign_in_session(email, 'browser-test-pw')
    b.open(f'/calendar?date={tomorrow}')
    block = b.find(f'.cal-block[data-id="{first["id"]}"]')
    top_before = block.get_attribute('style')

    def drag_by(slots):
        element = b.find(f'.cal-block[data-id="{first["id"]}"]')
        b.js('arguments[0].scrollIntoView({block: "center"});', element)
        ActionChains(b.driver).click_and_hold(element).move_by_offset(0, 10).move_by_offset(0, slots * 16 - 10).release().perform()

    # when it is dropped onto the 12:00 appointment, then the API refuses, the reason is shown, the block is back
    drag_by(8)
    toast = b.find('[data-toast=error]')
    check(len(toast.text.strip()) > 5, f'the refusal toast reads {toast.text!r}')
    b.wait(lambda d: b.find(f'.cal-block[data-id="{first["id"]}"]').value_of_css_property('transform') in ('none', ''), what='the block to go back')
    check(b.find(f'.cal-block[data-id="{first["id"]}"]').get_attribute('style') == top_before, 'the refused block did not return to 10:00')
    check(api.call('GET', f'/appointments/{first["id"]}', expect=200)['startsAt'].startswith(f'{tomorrow}T10:00'), 'the refused move changed the appointment')
    b.shot('calendar-drag-refused', phone=False)
    # when it is dropped at 14:00 (free), then it moves there
    drag_by(16)
    b.wait(lambda d: api.call('GET', f'/appointments/{first["id"]}', expect=200)['startsAt'].startswith(f'{tomorrow}T14:00'), what='the move to 14:00')
    b.wait(lambda d: '14:00' in b.find(f'.cal-block[data-id="{first["id"]}"]').text, what='the block at 14:00')

    # when the small month picker is opened and a day of the next month is chosen, the calendar jumps there
    b.click('[data-action=month-picker]')
    check(b.find('[data-month-picker] .mp-selected').get_attribute('data-date') == tomorrow, 'the month picker does not mark the shown day')
    b.shot('calendar-month-picker', phone=False)
    b.click('[data-month-picker] .mp-next')
    first = b.find('[data-month-picker] .mp-day:not(.mp-other)')
    target = first.get_attribute('data-date')
    check(target.endswith('-01') and target[:7] > tomorrow[:7], f'the next month starts at {target}')
    first.click()
    b.wait(lambda d: f'date={target}' in d.current_url, what='the jump to the chosen day')
    b.gone('[data-month-picker]')
    check(b.find('.cal-date').get_attribute('value') == target, 'the date field does not show the chosen day')
