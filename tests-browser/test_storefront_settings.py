"""The storefront's settings screen (issue 18, item 6): the demo owner (Imperium) sees the public
booking link, sets the booking page's colours and finds them in the public card API; a new Ivory
studio sees the plan hints instead of the branding and host forms, and keeps the link and limits."""

import json
import urllib.request

from harness import check, unique_email
from test_studio_setup import new_studio, set_value, toast


def public_card(t, slug):
    with urllib.request.urlopen(f'{t.base}/api/v1/public/{slug}', timeout=30) as response:
        return json.loads(response.read().decode())


def test_demo_owner_sets_colours_and_the_card_shows_them(t):
    # given the demo studio's owner on the storefront screen
    b = t.browser()
    b.sign_in_session(*t.demo)
    api = t.api()
    api.login(*t.demo)
    slug = api.call('GET', '/auth/me')['tenant']['slug']
    b.open('/storefront')
    screen = '[data-screen=storefront-settings]'
    link = b.find(f'{screen} [data-booking-url]')
    check(link.get_attribute('value').endswith(f'/book/{slug}'), f'the booking link is {link.get_attribute("value")!r}')
    check(not b.driver.find_elements('css selector', f'{screen} [data-upgrade]'), 'Imperium is shown an upgrade hint')
    # when the colours and a logo are chosen and saved
    form = f'{screen} [data-form=branding]'
    set_value(b, f'{form} [name=primaryColor]', '#224466')
    set_value(b, f'{form} [name=accentColor]', '#ee8833')
    b.type(f'{form} [name=logoUrl]', 'https://example.com/logo.png')
    preview = b.find(f'{form} [data-preview]')
    check(b.js("return arguments[0].style.getPropertyValue('--sf-primary')", preview) == '#224466', 'the preview does not follow the colour')
    b.shot('storefront-settings')
    b.js("document.querySelector('[data-part=limits]').scrollIntoView()")
    b.shot('storefront-settings-lower', phone=False)
    b.click(f'{form} [data-action=save-branding]')
    toast(b)
    # then the public card answers them
    branding = public_card(t, slug)['branding']
    check(branding == {'logoUrl': 'https://example.com/logo.png', 'primaryColor': '#224466', 'accentColor': '#EE8833'}, f'the card has {branding}')
    # when a wrong limit is saved, then the API's error is under the field
    limits = f'{screen} [data-form=limits]'
    b.type(f'{limits} [name=phoneDailyLimit]', '0')
    b.click(f'{limits} [data-action=save-limits]')
    b.find(f'{limits} [data-field-error=phoneDailyLimit]')
    b.js('M.Toast.dismissAll();')
    b.gone('.toast')
    # when the host name is saved, then it is stored lower-cased
    host = f'{screen} [data-form=host]'
    b.type(f'{host} [name=customHost]', 'Book.Demo-Studio.example')
    b.click(f'{host} [data-action=save-host]')
    toast(b)
    check(api.call('GET', '/storefront/settings')['customHost'] == 'book.demo-studio.example', 'the host name was not saved')
    api.call('PUT', '/storefront/settings', {'customHost': None}, expect=200)


def test_ivory_studio_sees_the_upgrade_hints(t):
    # given a new studio on Ivory
    b = t.browser()
    api = new_studio(t, b, 'Storefront Ivory')
    slug = api.call('GET', '/auth/me')['tenant']['slug']
    # when the storefront screen is opened
    b.open('/storefront')
    screen = '[data-screen=storefront-settings]'
    b.find(f'{screen} [data-booking-url]')
    # then branding and the own host name show the plans they need, and there is no form for them
    branding = b.find(f'{screen} [data-upgrade="storefront.branding"]')
    check('Veloria' in branding.text, f'the branding hint does not name Veloria: {branding.text!r}')
    hosting = b.find(f'{screen} [data-upgrade="storefront.whitelabel"]')
    check('Imperium' in hosting.text, f'the host hint does not name Imperium: {hosting.text!r}')
    check(not b.driver.find_elements('css selector', f'{screen} [data-form=branding]'), 'Ivory is offered the branding form')
    b.shot('storefront-settings-ivory')
    b.js("document.querySelector('[data-part=host]').scrollIntoView()")
    b.shot('storefront-settings-ivory-lower')
    # and the limits it may change are saved
    limits = f'{screen} [data-form=limits]'
    b.type(f'{limits} [name=phoneDailyLimit]', '2')
    b.click(f'{limits} [data-action=save-limits]')
    toast(b)
    check(api.call('GET', '/storefront/settings')['phoneDailyLimit'] == 2, 'the limit was not saved')
    check(public_card(t, slug)['branding'] == {'logoUrl': None, 'primaryColor': None, 'accentColor': None}, 'Ivory shows branding')
