"""Setting a studio up from the browser: services and packages, staff with weekly hours and a day
off, rooms, users and roles, settings sections with the API's field errors, and the plan (an
Ivory studio sees the upgrade card on a plan-gated settings section, the owner changes the plan).
Every test works in a new studio of its own, so the demo studio stays as seeded."""

import time
import uuid

from harness import check, unique_email


def new_studio(t, b, name):
    """Signs up a studio through the API and hands its session to the browser; answers the API session."""
    api = t.api()
    email = unique_email(name.lower().replace(' ', '-'))
    api.register(name, email)
    b.driver.get(f'{t.base}/app/')
    b.driver.add_cookie({'name': 'veloria_session', 'value': next(c.value for c in api.jar if c.name == 'veloria_session'), 'path': '/'})
    return api


def set_value(b, css, value):
    """Sets a field (a select, a date) the way a user's choice would, firing input and change."""
    b.js("""const el = arguments[0]; el.value = arguments[1];
        el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));""", b.find(css), value)


def toast(b, kind='success'):
    """Waits for a toast, reads it and dismisses every toast (they sit over the lower part of the card)."""
    text = b.find(f'[data-toast="{kind}"]').text
    b.js('M.Toast.dismissAll();')
    b.gone('.toast')
    return text


def test_service_and_package_created(t):
    # given a new studio's owner on the services screen
    b = t.browser()
    api = new_studio(t, b, 'Catalog Studio')
    b.open('/services')
    b.find('[data-screen=catalog] [data-empty]')
    b.shot('services-empty', phone=False)
    # when she adds a service in the drawer
    b.click('[data-action=new]')
    b.type('[data-form=service] [name=name]', 'Маникюр классический')
    b.type('[data-form=service] [name=category]', 'Ногти')
    b.type('[data-form=service] [name=basePrice]', '1500')
    b.type('[data-form=service] [name=durationMinutes]', '60')
    set_value(b, '[data-form=service] select[name=depositRule]', 'percent')
    b.type('[data-form=service] [name="depositRule.percent"]', '30')
    b.shot('service-form')
    b.click('[data-form=service] [data-action=save]')
    toast(b)
    # then it is listed under its category with its price, and its card shows the deposit rule
    row = b.find('[data-screen=catalog] [data-category="Ногти"] [data-list-item]')
    check('Маникюр классический' in row.text and '1' in row.text and '500' in row.text, f'the service row reads {row.text!r}')
    card = b.find('[data-card=service]')
    check('30%' in card.text, f'the card does not show the 30% deposit: {card.text!r}')
    b.shot('services')
    # when a bad price is saved, then the API's error is shown under the price and the form keeps its values
    b.click('[data-card=service] [data-action=edit]')
    b.type('[data-form=service] [name=basePrice]', '-5')
    b.click('[data-form=service] [data-action=save]')
    error = b.find('[data-form=service] [data-field-error=basePrice]')
    check(error.text.strip() != '', 'no error under the price')
    check(b.find('[data-form=service] [name=name]').get_attribute('value') == 'Маникюр классический', 'the form lost its values')
    b.driver.find_element('css selector', 'body').send_keys('\ue00c')  # Esc closes the drawer
    b.gone('.drawer')
    # when the service is ticked and hidden from online booking in bulk, then the API has it offline
    b.click('[data-screen=catalog] .admin-row-wrap input.pick')
    b.click('.bulk-bar .bulk-online-off')
    toast(b)
    b.find('[data-screen=catalog] [data-category="Ногти"] .admin-off')
    check(api.call('GET', '/services')['items'][0]['onlineBookable'] is False, 'the bulk change did not reach the API')
    # when she defines a package of 5 of that service
    b.click('[data-tab=packages]')
    b.find('[data-screen=catalog] [data-empty]')
    b.click('[data-action=new]')
    b.type('[data-form=package] [name=name]', '5 маникюров')
    b.type('[data-form=package] [name=price]', '6500')
    b.type('[data-form=package] [name=validityDays]', '120')
    b.type('[data-form=package] [name="items.0.count"]', '5')
    b.click('[data-form=package] [data-action=save]')
    toast(b)
    # then the package is listed with its price and contents, also after a reload
    b.open('/services?tab=packages')
    row = b.find('[data-screen=catalog] [data-list-item]')
    check('5 маникюров' in row.text and '6' in row.text and 'Маникюр классический × 5' in row.text, f'the package row reads {row.text!r}')
    row.click()
    b.find('[data-card=package]')
    b.shot('packages')


def test_staff_weekly_hours_and_day_off_saved(t):
    # given a new studio's owner on the staff screen
    b = t.browser()
    api = new_studio(t, b, 'Staff Studio')
    service = api.post('/services', {'name': 'Стрижка', 'category': 'Волосы', 'basePrice': '1200', 'durationMinutes': 60})
    b.open('/staff')
    b.find('[data-screen=staff] [data-empty]')
    # when she adds a staff member with the 'n' key
    b.driver.find_element('css selector', 'body').send_keys('n')
    b.type('[data-form=staff] [name=name]', 'Ольга Мастер')
    b.click('[data-form=staff] [data-action=save]')
    toast(b)
    b.find('[data-card=staff] [data-form=schedule]')
    # and sets Monday to 10:00–14:00 and 15:00–19:00, and Sunday off
    monday = '[data-card=staff] [data-weekday="1"]'
    set_value(b, f'{monday} select[name="schedule.1[0].start"]', '10:00')
    set_value(b, f'{monday} select[name="schedule.1[0]"]', '14:00')
    b.click(f'{monday} [data-action=add-interval]')
    set_value(b, f'{monday} select[name="schedule.1[1].start"]', '15:00')
    set_value(b, f'{monday} select[name="schedule.1[1]"]', '19:00')
    while b.js('return document.querySelectorAll(\'[data-card=staff] [data-weekday="7"] [data-interval]\').length'):
        b.click('[data-card=staff] [data-weekday="7"] [data-action=remove-interval]')
    b.click('[data-card=staff] [data-action=save-schedule]')
    toast(b)
    # and the services she performs
    b.click(f'[data-card=staff] [data-service="{service["id"]}"] + span')
    b.click('[data-card=staff] [data-action=save-services]')
    toast(b)
    # and a day off next week
    day = b.js("""const d = new Date(Date.now() + 7 * 86400000); return d.toISOString().slice(0, 10);""")
    set_value(b, '[data-form=override] [name=date]', day)
    set_value(b, '[data-form=override] select[name=kind]', 'day_off')
    b.type('[data-form=override] [name=reason]', 'Отпуск')
    b.click('[data-form=override] [data-action=add-override]')
    toast(b)
    b.find(f'[data-overrides] li[data-date="{day}"][data-kind=day_off]')
    # then after a reload the week, the services and the day off are as saved
    b.open('/staff')
    b.click('[data-screen=staff] [data-list-item]')
    check(b.find(f'{monday} select[name="schedule.1[0].start"]').get_attribute('value') == '10:00', 'Monday does not start at 10:00')
    check(b.find(f'{monday} select[name="schedule.1[1]"]').get_attribute('value') == '19:00', 'Monday\'s second interval does not end at 19:00')
    check(b.js('return document.querySelectorAll(\'[data-card=staff] [data-weekday="7"] [data-interval]\').length') == 0, 'Sunday is not a day off')
    check(b.js('return document.querySelector(arguments[0]).checked', f'[data-card=staff] [data-service="{service["id"]}"]'), 'the service is not ticked')
    entry = b.find(f'[data-overrides] li[data-date="{day}"][data-kind=day_off]')
    check('Отпуск' in entry.text, f'the day off reads {entry.text!r}')
    saved = api.call('GET', '/staff')['items'][0]
    check(saved['schedule']['1'] == [['10:00', '14:00'], ['15:00', '19:00']] and saved['schedule']['7'] == [], f'the API has {saved["schedule"]}')
    b.shot('staff')
    # when an interval is made to end before it starts, the API's error is shown under that row
    set_value(b, f'{monday} select[name="schedule.1[0]"]', '09:00')
    b.click('[data-card=staff] [data-action=save-schedule]')
    error = b.find('[data-card=staff] [data-form=schedule] .field-error')
    check(error.text.strip() != '', 'no error under the bad interval')


def test_room_created_with_the_services_it_hosts(t):
    # given a new studio (it has its default location) with one service
    b = t.browser()
    api = new_studio(t, b, 'Rooms Studio')
    service = api.post('/services', {'name': 'Педикюр', 'category': 'Ногти', 'basePrice': '2000', 'durationMinutes': 90})
    b.open('/locations')
    # when the owner opens the location and adds a room hosting the service
    b.click('[data-screen=locations] [data-list-item]')
    b.find('[data-card=location] [data-form=location-hours]')
    # (and gives the location a short day next week)
    day = b.js('return new Date(Date.now() + 8 * 86400000).toISOString().slice(0, 10);')
    set_value(b, '[data-card=location] [data-form=override] [name=date]', day)
    set_value(b, '[data-card=location] [data-form=override] select[name=kind]', 'custom_hours')
    set_value(b, '[data-card=location] [data-form=override] select[name=from]', '10:00')
    set_value(b, '[data-card=location] [data-form=override] select[name=intervals]', '15:00')
    b.click('[data-card=location] [data-form=override] [data-action=add-override]')
    toast(b)
    b.find(f'[data-card=location] [data-overrides] li[data-date="{day}"][data-kind=custom_hours]')
    b.click('[data-card=location] [data-action=new-room]')
    b.type('[data-form=room] [name=name]', 'Педикюрный кабинет')
    b.click(f'[data-form=room] [data-service="{service["id"]}"] + span')
    b.click('[data-form=room] [data-action=save]')
    toast(b)
    # then the room is listed under the location, also after a reload, with the service it hosts
    b.open('/locations')
    room = b.find('[data-screen=locations] [data-room]')
    check('Педикюрный кабинет' in room.text, f'the room row reads {room.text!r}')
    room.click()
    card = b.find('[data-card=room]')
    check('Педикюр' in card.text, f'the room card reads {card.text!r}')
    location = api.call('GET', '/locations')['items'][0]
    overrides = api.call('GET', f'/locations/{location["id"]}/overrides')['items']
    check([(o['date'], o['kind'], o['intervals']) for o in overrides] == [(day, 'custom_hours', [['10:00', '15:00']])], f'the location overrides are {overrides}')
    rooms = api.call('GET', '/rooms')['items']
    check(len(rooms) == 1 and rooms[0]['serviceIds'] == [service['id']], f'the API has {rooms}')
    b.shot('locations')


def test_user_invited_and_role_changed(t):
    # given a new studio's owner on the users screen
    b = t.browser()
    new_studio(t, b, 'Users Studio')
    b.open('/users')
    b.find('[data-screen=users] [data-list-item]')
    # when she invites a receptionist
    email = unique_email('reception')
    b.click('[data-action=new]')
    b.type('[data-form=invite] [name=name]', 'Мария Админ')
    b.type('[data-form=invite] [name=email]', email)
    set_value(b, '[data-form=invite] select[name=role]', 'receptionist')
    b.click('[data-form=invite] [data-action=send-invite]')
    toast(b)
    # then she is listed as invited, with the resend button on her card
    card = b.find('[data-card=user][data-status=invited][data-role=receptionist]')
    b.find('[data-card=user] [data-action=resend]')
    check(email in card.text, f'the card does not show {email}')
    # when the invitation is sent again, then it is confirmed in words naming the address
    b.click('[data-card=user] [data-action=resend]')
    check(email in toast(b), 'the resend toast does not name the address')
    # when she is disabled (one confirm) and enabled again, then she is back to invited
    b.click('[data-card=user] [data-action=disable]')
    b.click('.dialog [data-action=ok]')
    b.find('[data-card=user][data-status=disabled] [data-action=enable]').click()
    b.find('[data-card=user][data-status=invited]')
    # when the role is changed to finance (one confirm)
    set_value(b, '[data-form=role] select[name=role]', 'finance')
    b.click('[data-form=role] [data-action=change-role]')
    b.click('.dialog [data-action=ok]')
    # then the card and, after a reload, the list show the new role
    b.find('[data-card=user][data-role=finance]')
    b.open('/users?status=invited')
    row = b.find('[data-screen=users] [data-list-item]')
    check('Мария Админ' in row.text and ('Финансы' in row.text or 'Finance' in row.text), f'the row reads {row.text!r}')
    # and the owner's own card offers no disable
    b.open('/users?status=active')
    b.click('[data-screen=users] [data-list-item]')
    b.find('[data-card=user][data-role=owner]')
    check(not b.driver.find_elements('css selector', '[data-card=user] [data-action=disable]'), 'the owner can disable herself')
    b.shot('users')


def test_settings_field_error_then_saved_and_plan_gated_section(t):
    # given a new studio (plan Ivory) on the cancellation settings
    b = t.browser()
    api = new_studio(t, b, 'Settings Studio')
    b.open('/settings?section=cancellation')
    form = '[data-form=settings][data-section=cancellation]'
    b.find(form)
    # when a window of 500 hours is saved, then the API's error is under the field and the value stays
    b.type(f'{form} [name=windowHours]', '500')
    b.click(f'{form} [data-action=save]')
    b.find(f'{form} [data-field-error=windowHours]')
    check(b.find(f'{form} [name=windowHours]').get_attribute('value') == '500', 'the form lost the typed value')
    # when 48 hours and "late cancellation gives the package visit back" are saved
    b.type(f'{form} [name=windowHours]', '48')
    set_value(b, f'{form} select[name=packageVisitOnLateCancel]', 'return')
    b.click(f'{form} [data-action=save]')
    toast(b)
    # then they are stored, and shown after a reload
    saved = api.call('GET', '/settings/cancellation')
    check(saved['windowHours'] == 48 and saved['packageVisitOnLateCancel'] == 'return', f'the API has {saved}')
    b.open('/settings?section=cancellation')
    check(b.find(f'{form} [name=windowHours]').get_attribute('value') == '48', 'the window is not 48 after a reload')
    b.shot('settings')
    # a fee kind of "fixed" shows the amount field, which the API requires
    set_value(b, f'{form} select[name=feeKind]', 'fixed')
    b.find(f'{form} [name=feeAmount]')
    # the quiet hours form shows its times
    b.click('[data-section=notifications]')
    b.find('[data-form=settings][data-section=notifications] select[name="quietHours.start"]')
    b.shot('settings-notifications', phone=False)
    # when the plan-gated section (client tags, Veloria) is opened on Ivory, then the upgrade card
    lock = b.find('.settings-link[data-section=autotags]')
    check('lock' in lock.text, 'the autotags section has no lock')
    lock.click()
    card = b.find('[data-pane] [data-screen=upgrade][data-feature="clients.autotags"]')
    check('Veloria' in card.text, f'the upgrade card does not name Veloria: {card.text!r}')
    b.shot('settings-upgrade')


def test_plan_change_by_the_owner_opens_the_section(t):
    # given an Ivory studio's owner on the plan screen
    b = t.browser()
    api = new_studio(t, b, 'Plan Studio')
    b.open('/plan')
    b.find('[data-screen=plan][data-plan=ivory] [data-plan=ivory] [data-current-plan]')
    b.shot('plan')
    # when she moves to Veloria and confirms
    b.click('[data-action=change-plan][data-target-plan=veloria]')
    dialog = b.find('.dialog')
    check('Veloria' in dialog.text, f'the confirm does not name the plan: {dialog.text!r}')
    b.click('.dialog [data-action=ok]')
    # then the app reloads on Veloria and the client tags settings open
    b.find('[data-screen=plan][data-plan=veloria]', timeout=15)
    check(api.call('GET', '/plan')['plan'] == 'veloria', 'the API still has the old plan')
    b.open('/settings?section=autotags')
    b.find('[data-form=settings][data-section=autotags] [name=loyaltyGoldVisits]')
    # and a bad threshold answers under its field
    b.type('[data-form=settings][data-section=autotags] [name=loyaltyGoldVisits]', '1')
    b.click('[data-form=settings][data-section=autotags] [data-action=save]')
    b.find('[data-form=settings][data-section=autotags] .field-error')


def test_setup_screens_of_the_demo_studio(t):
    # given the seeded demo studio's owner
    b = t.browser()
    b.sign_in_session(*t.demo)
    # then every setup screen shows its data at both widths (and 'e' edits the chosen entry)
    b.open('/services')
    b.click('[data-screen=catalog] [data-list-item]')
    b.find('[data-card=service]')
    b.shot('demo-services')
    b.driver.find_element('css selector', 'body').send_keys('e')
    b.find('[data-form=service]')
    b.shot('demo-service-edit', phone=False)
    b.open('/staff')
    b.click('[data-screen=staff] [data-list-item]')
    b.find('[data-card=staff] [data-form=schedule]')
    b.find('[data-overrides] ul, [data-overrides] p')
    b.shot('demo-staff')
    b.open('/locations')
    b.click('[data-screen=locations] [data-list-item]')
    b.find('[data-card=location]')
    b.shot('demo-locations')
    b.open('/users')
    check(len(b.driver.find_elements('css selector', '[data-screen=users] [data-list-item]')) >= 2, 'the demo studio lists fewer than 2 users')
    b.shot('demo-users')
    for section in ('deposit', 'notifications', 'locale', 'autotags', 'payments', 'branding'):
        b.open(f'/settings?section={section}')
        b.find(f'[data-form=settings][data-section={section}]')
    b.shot('demo-settings-payments')
    b.open('/plan')
    b.find('[data-screen=plan][data-plan=imperium]')
    b.shot('demo-plan')


def test_manager_has_no_owner_powers(t):
    # given the demo studio's manager
    b = t.browser()
    b.sign_in_session('manager@demo.veloria.local', t.demo[1])
    # then the invitation offers no owner or manager role
    b.open('/users')
    b.click('[data-action=new]')
    roles = b.js("return [...document.querySelectorAll('[data-form=invite] select[name=role] option')].map(o => o.value)")
    check('owner' not in roles and 'manager' not in roles and 'receptionist' in roles, f'the manager may give {roles}')
    b.driver.find_element('css selector', 'body').send_keys('\ue00c')
    b.gone('.drawer')
    # and the plan cannot be changed by her
    b.open('/plan')
    b.find('[data-screen=plan][data-plan=imperium]')
    check(not b.driver.find_elements('css selector', '[data-action=change-plan]'), 'the manager is offered a plan change')
    # and the studio's time zone and currency are the owner's to change
    b.open('/settings?section=locale')
    check(b.find('[data-form=settings] [name=timezone]').get_attribute('disabled') is not None, 'the manager may change the time zone')
    check(b.find('[data-form=settings] select[name=currency]').get_attribute('disabled') is not None, 'the manager may change the currency')
    check(b.find('[data-form=settings] select[name=language]').get_attribute('disabled') is None, 'the manager may not change the language')
    b.shot('manager-settings-locale', phone=False)
