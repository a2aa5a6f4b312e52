"""The pieces every browser test uses: a headless Chromium per test, waits, screenshots at desk
and phone width, the console check (a JavaScript error fails the test) and a small API client
to prepare data the way another user would (signing up a studio, adding a service…)."""

import email
import email.policy
import http.cookiejar
import json
import os
import time
import urllib.error
import urllib.request
import uuid

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DESK = (1366, 900)
PHONE = (390, 844)


class TestFailure(AssertionError):
    pass


def check(condition, message):
    if not condition:
        raise TestFailure(message)


class Api:
    """A signed-in API session (cookie + CSRF token), as the browser would hold one."""

    def __init__(self, base_url):
        self.base = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.csrf = None

    def call(self, method, path, body=None, expect=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + '/api/v1' + path, data=data, method=method)
        request.add_header('Accept', 'application/json')
        if data is not None:
            request.add_header('Content-Type', 'application/json')
        if self.csrf and method != 'GET':
            request.add_header('X-CSRF-Token', self.csrf)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            with self.opener.open(request, timeout=30) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as err:
            status, text = err.code, err.read().decode()
        answer = json.loads(text) if text else None
        if expect is not None and status != expect:
            raise TestFailure(f'{method} {path}: expected {expect}, got {status}: {text[:300]}')
        return answer

    def register(self, studio, email, password='browser-test-pw', plan_locale='ru', timezone='Europe/Moscow'):
        slug = f'{studio.lower().replace(" ", "-")}-{uuid.uuid4().hex[:6]}'
        answer = self.call('POST', '/auth/register', {
            'name': studio, 'slug': slug, 'timezone': timezone, 'locale': plan_locale, 'currency': 'RUB',
            'ownerName': 'Owner ' + studio, 'ownerEmail': email, 'ownerPassword': password,
        }, expect=201, headers={'Idempotency-Key': str(uuid.uuid4())})
        self.csrf = answer['csrfToken']
        return answer

    def login(self, email, password):
        answer = self.call('POST', '/auth/login', {'email': email, 'password': password}, expect=200)
        self.csrf = answer['csrfToken']
        return answer

    def post(self, path, body, expect=201):
        return self.call('POST', path, body, expect=expect, headers={'Idempotency-Key': str(uuid.uuid4())})


def read_email(address, contains='', timeout=20):
    """Waits for an email to `address` in the SMTP sink's folder ($MAIL_DIR, set by
    scripts/test-browser) whose text contains `contains`; answers its plain text (decoded)."""
    folder = os.environ.get('MAIL_DIR')
    if not folder:
        raise TestFailure('MAIL_DIR is not set: run the browser tests through scripts/test-browser')
    deadline = time.time() + timeout
    while time.time() < deadline:
        names = sorted((n for n in os.listdir(folder) if n.endswith('.eml')), reverse=True) if os.path.isdir(folder) else []
        for name in names:
            with open(os.path.join(folder, name), 'rb') as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            if address.lower() not in [r.lower() for r in message.get_all('X-Sink-Rcpt', [])]:
                continue
            part = message.get_body(preferencelist=('plain', 'html'))
            text = part.get_content() if part else ''
            if contains in text:
                return text
        time.sleep(0.2)
    raise TestFailure(f'no email to {address} containing {contains!r} within {timeout} s')


def unique_email(prefix):
    return f'{prefix}-{uuid.uuid4().hex[:8]}@browser.test'


class Browser:
    def __init__(self, base_url, screens_dir, name):
        self.base = base_url
        self.screens = screens_dir
        self.name = name
        options = webdriver.ChromeOptions()
        for arg in ('--headless=new', '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu',
                    '--lang=ru-RU', f'--window-size={DESK[0]},{DESK[1]}'):
            options.add_argument(arg)
        options.binary_location = os.environ.get('CHROMIUM_BIN', '/usr/bin/chromium')
        options.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
        self.driver = webdriver.Chrome(service=Service(os.environ.get('CHROMEDRIVER', '/usr/bin/chromedriver')), options=options)
        self.driver.set_window_size(*DESK)
        self.console = []

    # --- navigation and waits ------------------------------------------------------------

    def open(self, hash_path='/'):
        """Loads the app afresh at a hash route and waits until its screen is mounted."""
        self.driver.get('about:blank')
        self.driver.get(f'{self.base}/app/#{hash_path}')
        return self.wait_ready()

    def go(self, hash_path):
        """Changes the route inside the running app (no reload)."""
        self.driver.execute_script('document.body.dataset.ready = ""; location.hash = arguments[0];', hash_path)
        return self.wait_ready()

    def wait_ready(self, timeout=15):
        return self.wait(lambda d: d.execute_script('return document.body && document.body.dataset.ready'), timeout, 'the screen to be mounted')

    def wait(self, condition, timeout=10, what='a condition'):
        try:
            # A re-rendered screen replaces its elements: a stale one is simply looked up again.
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05,
                                 ignored_exceptions=[StaleElementReferenceException]).until(condition)
        except TimeoutException:
            raise TestFailure(f'timed out after {timeout} s waiting for {what}') from None

    def find(self, css, timeout=10):
        return self.wait(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, css) if e.is_displayed()), None), timeout, f'visible {css}')

    def gone(self, css, timeout=10):
        self.wait(lambda d: not any(e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, css)), timeout, f'{css} to disappear')

    def click(self, css, timeout=10):
        element = self.find(css, timeout)
        self.driver.execute_script('arguments[0].scrollIntoView({block: "center"});', element)
        element.click()
        return element

    def type(self, css, text, clear=True):
        element = self.find(css)
        if clear:
            element.clear()
        element.send_keys(text)
        return element

    def text(self):
        return self.driver.find_element(By.TAG_NAME, 'body').text

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def js_async(self, script, *args):
        return self.driver.execute_async_script(script, *args)

    def sign_in_session(self, email, password):
        """Signs the browser in through the API (fast path for tests about other screens)."""
        self.driver.get(f'{self.base}/app/')
        status = self.js_async("""const done = arguments[arguments.length - 1];
            fetch('/api/v1/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},
                body: JSON.stringify({email: arguments[0], password: arguments[1]})}).then(r => done(r.status));""", email, password)
        check(status == 200, f'sign-in of {email} answered {status}')

    # --- evidence ------------------------------------------------------------------------

    def shot(self, name, phone=True):
        """Screenshots of the current screen at 1366×900 and (by default) at 390×844."""
        os.makedirs(self.screens, exist_ok=True)
        self.driver.set_window_size(*DESK)
        time.sleep(0.25)
        self.driver.save_screenshot(os.path.join(self.screens, f'{name}-desk.png'))
        if phone:
            self.driver.set_window_size(*PHONE)
            time.sleep(0.35)
            self.driver.save_screenshot(os.path.join(self.screens, f'{name}-phone.png'))
            self.driver.set_window_size(*DESK)
            time.sleep(0.2)

    def drain_console(self):
        """Reads the browser log; returns the JavaScript errors (uncaught errors and console.error).
        Network failures the test provoked on purpose (a 404, a refused move) are not script errors."""
        entries = self.driver.get_log('browser')
        self.console.extend(entries)
        return [e for e in entries if e.get('level') == 'SEVERE' and e.get('source') != 'network']

    def fail_shot(self):
        try:
            os.makedirs(self.screens, exist_ok=True)
            self.driver.set_window_size(*DESK)
            self.driver.save_screenshot(os.path.join(self.screens, f'FAILED-{self.name}.png'))
        except Exception:  # the browser may be gone; the failure itself is reported anyway
            pass

    def quit(self):
        self.driver.quit()
