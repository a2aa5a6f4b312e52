"""The client's manage page (/book/{slug}/manage/{token}) at phone width: moving and cancelling a
visit inside the studio's rules, the fee named before it is taken, a studio that takes no
cancellations online, and a wrong link. What really changed is read through the staff API."""

import datetime
import re

from harness import check, unique_email
from test_storefront import SLUG, open_page, owner_api, public, shot, unique_phone


def book_through_api(api, service_id, staff_id, start_iso, name, slug=SLUG):
    answer = public(api, '/book', {'serviceId': service_id, 'staffId': staff_id, 'startsAt': start_iso, 'name': name,
                                   'phone': unique_phone(), 'consents': ['data_processing']}, slug=slug)
    check('manageUrl' in answer, f'booking failed: {answer}')
    return answer


def test_storefront_manage_page_moves_and_cancels(t):
    # given a visit booked online more than a day ahead (outside the 24 h fee window)
    api = owner_api(t)
    service = public(api, '/services')['categories'][0]['services'][0]
    staff = public(api, f'/services/{service["id"]}/staff')['items'][0]
    days = public(api, f'/slots?serviceId={service["id"]}&staffId={staff["id"]}&days=30')['days']
    now = datetime.datetime.now(datetime.timezone.utc)
    later = [d for d in days if datetime.datetime.fromisoformat(d['starts'][0]['startsAt']) - now > datetime.timedelta(days=2)]
    check(len(later) >= 2, 'the demo studio offers too few days')
    booked = book_through_api(api, service['id'], staff['id'], later[0]['starts'][0]['startsAt'], 'Галина Переносова')
    appointment_id = booked['appointment']['id']
    check(booked['manageUrl'].startswith(t.base + f'/book/{SLUG}/manage/'), f'the manage link is {booked["manageUrl"]}')
    b = t.browser()

    # when the client opens the manage link, then the visit and the free cancellation are shown
    open_page(b, booked['manageUrl'].replace(b.base, ''))
    b.find(f'[data-screen=manage] [data-visit="{appointment_id}"]')
    check(b.find('[data-fee]').get_attribute('data-fee') == '0', 'a fee is named for a free cancellation')
    shot(b, 'storefront-manage')
    # when she moves it to another offered start of another day
    b.click('[data-action=reschedule]')
    b.find('[data-screen=manage-reschedule] [data-picker=day]')
    b.click(f'.sf-day[data-date="{later[1]["date"]}"]')
    target = b.find('[data-picker=start] .sf-start').get_attribute('data-start')
    shot(b, 'storefront-manage-reschedule')
    b.click(f'.sf-start[data-start="{target}"]')
    # then the visit is there
    b.find('[data-screen=manage] [data-notice=moved]')
    check(api.call('GET', f'/appointments/{appointment_id}', expect=200)['startsAt'] == target, 'the visit did not move')
    # when she cancels (asked once), then it is cancelled without a fee
    b.click('[data-action=cancel]')
    question = b.find('[data-confirm=cancel]')
    check('₽' not in question.text, f'a free cancellation names a fee: {question.text!r}')
    shot(b, 'storefront-manage-cancel-ask')
    b.click('[data-action=cancel-confirm]')
    b.find('[data-screen=manage][data-status=cancelled] [data-notice=cancelled]')
    check(api.call('GET', f'/appointments/{appointment_id}', expect=200)['status'] == 'cancelled', 'the visit is not cancelled')
    check(not b.driver.find_elements('css selector', '[data-action=cancel]'), 'a cancelled visit still offers cancelling')
    shot(b, 'storefront-manage-cancelled')


def test_storefront_manage_page_names_the_fee_before_cancelling(t):
    # given a studio whose cancellations cost 50 % inside a week of the visit, and a visit booked online
    api = t.api()
    slug = api.register('Fee Studio', unique_email('fee'))['tenant']['slug']
    api.call('PUT', '/settings/cancellation', {'windowHours': 168, 'feeKind': 'percent', 'feePercent': 50}, expect=200)
    service = api.post('/services', {'category': 'Hair', 'name': 'Haircut', 'basePrice': '3000.00', 'durationMinutes': 60})
    week = {str(d): [['09:00', '21:00']] for d in range(1, 8)}
    staff = api.post('/staff', {'name': 'Mila Fee', 'serviceIds': [service['id']], 'schedule': week})
    start = public(api, f'/slots?serviceId={service["id"]}&days=3', slug=slug)['days'][0]['starts'][0]
    booked = book_through_api(api, service['id'], staff['id'], start['startsAt'], 'Daria Late', slug=slug)
    view = public(api, f'/manage/{booked["manageToken"]}', slug=slug)
    check(view['cancellationFee'] == '1500.00', f'the API names no fee for {start["startsAt"]}: {view}')
    b = t.browser()

    # when the client opens the link, then the fee is named before anything is done
    open_page(b, f'/book/{slug}/manage/{booked["manageToken"]}')
    hint = b.find('[data-fee]')
    check(hint.get_attribute('data-fee') == '1500.00', f'the page names the fee {hint.get_attribute("data-fee")}')
    check('1500' in re.sub(r'\s', '', hint.text), f'the fee text reads {hint.text!r}')
    b.click('[data-action=cancel]')
    question = b.find('[data-confirm=cancel]')
    check('1500' in re.sub(r'\s', '', question.text), f'the question does not name the fee: {question.text!r}')
    shot(b, 'storefront-manage-fee')
    # when she keeps it, nothing changes
    b.click('[data-action=cancel-keep]')
    b.find('[data-screen=manage] [data-action=cancel]')
    check(api.call('GET', f'/appointments/{booked["appointment"]["id"]}', expect=200)['status'] != 'cancelled', 'keeping cancelled it')
    # when she agrees to the fee, then it is cancelled with the fee recorded
    b.click('[data-action=cancel]')
    b.click('[data-action=cancel-confirm]')
    b.find('[data-screen=manage][data-status=cancelled]')
    stored = api.call('GET', f'/appointments/{booked["appointment"]["id"]}', expect=200)
    check(stored['status'] == 'cancelled', f'the visit is {stored["status"]}')

    # when the studio stops taking cancellations online, then the page offers none and says to call
    api.call('PUT', '/settings/cancellation', {'windowHours': 168, 'feeKind': 'percent', 'feePercent': 50,
                                               'clientsMayCancelOnline': False}, expect=200)
    other = book_through_api(api, service['id'], staff['id'], start['startsAt'], 'Vera Phone', slug=slug)
    open_page(b, f'/book/{slug}/manage/{other["manageToken"]}')
    b.find('[data-screen=manage] [data-notice=no_online_cancel]')
    check(not b.driver.find_elements('css selector', '[data-action=cancel]'), 'cancelling is offered though the studio takes none online')
    b.find('[data-action=reschedule]')


def test_storefront_wrong_links_say_so(t):
    b = t.browser()
    # when a manage link with a forged token is opened, then the page says the link is not valid
    open_page(b, f'/book/{SLUG}/manage/00000000-0000-0000-0000-000000000000.forged')
    b.find('[data-screen=manage-invalid]')
    check(b.find('[data-action=book-new]').get_attribute('href').endswith(f'/book/{SLUG}'), 'no way back to booking')
    shot(b, 'storefront-link-invalid')
    # when a studio that does not exist is opened, then the page says so
    open_page(b, '/book/no-such-studio-here')
    b.find('[data-screen=studio-missing]')
