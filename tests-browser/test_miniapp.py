"""The studio's Telegram Mini App (/tg/{slug}): the booking page inside Telegram, opened as Telegram
opens it (initData in the URL's fragment, signed here with Telegram's documented algorithm for the
studio's bot token), a client books with her Telegram name filled in, a master linked through the
bot sees her day, and a forged initData opens nothing. The Bot API is tests-browser/fake_telegram.py."""

import hashlib
import hmac
import json
import os
import random
import time
import urllib.parse
import urllib.request

from harness import PHONE, check
from test_storefront import SLUG, open_page, owner_api, shot, unique_phone, walk_to_contacts

BOT_TOKEN = '7000001:AAVeloriaBrowserTestToken_0123456789'


def init_data(user_id, first_name, token=BOT_TOKEN, language='en'):
    """Telegram's initData: every field but hash as sorted key=value lines, HMAC-SHA256 under
    HMAC-SHA256(key "WebAppData", bot token), hex."""
    user = json.dumps({'id': user_id, 'first_name': first_name, 'language_code': language}, separators=(',', ':'))
    fields = {'auth_date': str(int(time.time())), 'query_id': f'AAQ{user_id}', 'user': user}
    check_string = '\n'.join(f'{k}={v}' for k, v in sorted(fields.items()))
    secret = hmac.new(b'WebAppData', token.encode(), hashlib.sha256).digest()
    fields['hash'] = hmac.new(secret, check_string.encode(), hashlib.sha256).hexdigest()
    return urllib.parse.urlencode(fields, quote_via=urllib.parse.quote)


def open_mini_app(b, data):
    """As Telegram opens a Mini App: the page URL with #tgWebAppData=… and the theme."""
    theme = json.dumps({'bg_color': '#ffffff', 'text_color': '#222222', 'hint_color': '#8a8a8a', 'secondary_bg_color': '#f1f1f4'})
    fragment = urllib.parse.urlencode({'tgWebAppData': data, 'tgWebAppVersion': '8.0', 'tgWebAppPlatform': 'android',
                                       'tgWebAppThemeParams': theme}, quote_via=urllib.parse.quote)
    open_page(b, f'/tg/{SLUG}#{fragment}')


def telegram_calls():
    with urllib.request.urlopen(os.environ['TELEGRAM_BASE_URL'] + '/calls', timeout=5) as response:
        return json.loads(response.read())


def connect_bot(api):
    """The demo studio's bot, set through the integrations API (getMe and setWebhook reach the fake)."""
    api.call('PUT', '/integrations/telegram', {'botToken': BOT_TOKEN}, expect=200)
    hooks = [c for c in telegram_calls() if c['method'] == 'setWebhook']
    check(hooks, 'the server did not set the bot\'s webhook')
    return hooks[-1]['body']['secret_token']


def test_mini_app_books_with_the_telegram_name_and_shows_a_linked_master_her_day(t):
    api = owner_api(t)
    secret = connect_bot(api)
    b = t.browser()

    # a forged initData (another bot's signature) opens nothing
    open_mini_app(b, init_data(4242, 'Mallory', token='1:AAnotherBot'))
    b.find('[data-screen=tg-invalid]')
    shot(b, 'miniapp-invalid')

    # a client opens the app from the bot: English (her Telegram's language), her name filled in, no captcha
    client_id = random.randint(10 ** 8, 10 ** 9)
    open_mini_app(b, init_data(client_id, 'Tatiana'))
    b.find('[data-screen=book-service] [data-service]')
    check(b.js('return document.documentElement.lang') == 'en', 'the Mini App does not speak the client\'s Telegram language')
    check(b.js('return document.body.dataset.telegram') == 'true', 'the page does not know it runs inside Telegram')
    shot(b, 'miniapp-service')
    chosen = walk_to_contacts(b)
    check(b.js('return document.querySelector("[data-form=contacts] [name=name]").value') == 'Tatiana', 'her Telegram name is not filled in')
    b.type('[data-form=contacts] [name=phone]', unique_phone())
    b.click('[data-field=consents] span')
    shot(b, 'miniapp-contacts')
    b.click('[data-action=to-confirm]')
    b.click('[data-screen=book-confirm] [data-action=confirm]')
    b.find('[data-screen=book-done] [data-booked]')
    shot(b, 'miniapp-done')
    appointment = api.call('GET', f'/appointments/{b.find("[data-booked]").get_attribute("data-booked")}', expect=200)
    check(appointment['source'] == 'telegram', f'the booking\'s source is {appointment["source"]}')
    client = api.call('GET', f'/clients/{appointment["clientId"]}', expect=200)
    check(client['name'] == 'Tatiana', f'the client is {client["name"]}')

    # the master of that booking links her Telegram through the bot's one-time link …
    master_id = random.randint(10 ** 8, 10 ** 9)
    link = api.call('POST', f'/staff/{chosen["staffId"]}/telegram-link', {}, expect=201)
    check(link['url'].startswith('https://t.me/VeloriaTestBot?start=s_'), f'the link is {link["url"]}')
    update = {'update_id': random.randint(1, 10 ** 9), 'message': {
        'message_id': 1, 'from': {'id': master_id, 'first_name': 'Anna'}, 'chat': {'id': master_id, 'type': 'private'},
        'text': f'/start {link["token"]}'}}
    api.call('POST', f'/webhooks/telegram/{SLUG}', update, expect=200, headers={'X-Telegram-Bot-Api-Secret-Token': secret})
    # … and the app shows her the day of the visit, with the client's name
    open_mini_app(b, init_data(master_id, 'Anna', language='ru'))
    b.find('[data-screen=tg-day]')
    day = chosen['iso'][:10]
    for _ in range(10):
        if b.find('[data-day]').get_attribute('data-day') == day:
            break
        b.js('document.body.dataset.ready = "false"')
        b.click('[data-action=day-forward]')
        b.wait_ready()
    check(b.find('[data-day]').get_attribute('data-day') == day, f'the master\'s day did not reach {day}')
    names = b.js('return [...document.querySelectorAll(".tg-visit strong")].map(x => x.textContent)')
    check('Tatiana' in names, f'the master\'s day lists {names}')
    shot(b, 'miniapp-master-day')

    # the owner sees the same in the web app: the master's Telegram linked, the bot and the Mini App named
    b.driver.set_window_size(1366, 900)
    b.sign_in_session(*t.demo)
    b.open('/staff')
    b.click(f'[data-screen=staff] [data-list-item][data-key="{chosen["staffId"]}"]')
    b.wait(lambda d: d.find_element('css selector', '[data-staff-telegram]').get_attribute('data-linked') == 'true',
           what='the staff card to say her Telegram is linked')
    b.js('document.querySelector("[data-staff-telegram]").scrollIntoView({block: "center"})')
    b.shot('miniapp-staff-card', phone=False)
    b.open('/storefront')
    bot = b.find('[data-telegram-links] [data-bot-url]').get_attribute('href')
    check(bot == 'https://t.me/VeloriaTestBot', f'the storefront settings name the bot as {bot}')
    check(b.find('[data-mini-app-url]').text.endswith(f'/tg/{SLUG}'), 'the storefront settings do not name the Mini App')
    b.shot('miniapp-storefront-settings', phone=False)
