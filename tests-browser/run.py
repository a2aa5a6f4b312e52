"""Runs the browser tests against a running server and prints `browser: N passed, M failed`.

    /usr/bin/python3 tests-browser/run.py --base-url http://127.0.0.1:8091 [--screens var/screenshots]
        [--demo-email owner@demo.veloria.local --demo-password veloria-demo] [-k name]

A test is a function `test_*(t)` in a `test_*.py` module beside this file; `t` gives it browsers
(`t.browser()`), API sessions (`t.api()`), the demo studio's login and `t.figure(name, value)` for
measurements. A test fails on an exception, on a JavaScript error in any of its browsers' console,
and saves a screenshot (FAILED-<test>.png) when it fails. Scripts/test-browser starts the server."""

import argparse
import importlib
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from harness import Api, Browser, TestFailure, read_email  # noqa: E402


class TestContext:
    def __init__(self, args, name):
        self.base = args.base_url
        self.screens = args.screens
        self.demo = (args.demo_email, args.demo_password)
        self.name = name
        self.browsers = []
        self.figures = FIGURES

    def browser(self):
        b = Browser(self.base, self.screens, f'{self.name}-{len(self.browsers) + 1}' if self.browsers else self.name)
        self.browsers.append(b)
        return b

    def api(self):
        return Api(self.base)

    def email_to(self, address, contains='', timeout=20):
        """The newest email the server sent to `address` (through the SMTP sink), as text."""
        return read_email(address, contains, timeout)

    def figure(self, name, value, unit='ms'):
        FIGURES.append((name, value, unit))


FIGURES = []


def discover(selected):
    here = os.path.dirname(os.path.abspath(__file__))
    tests = []
    for file in sorted(os.listdir(here)):
        if file.startswith('test_') and file.endswith('.py'):
            module = importlib.import_module(file[:-3])
            for name in sorted(vars(module)):
                fn = getattr(module, name)
                if name.startswith('test_') and callable(fn) and (not selected or any(s in f'{file}.{name}' for s in selected)):
                    tests.append((f'{file[:-3]}.{name}', fn, getattr(fn, 'order', 50)))
    return [(name, fn) for name, fn, _ in sorted(tests, key=lambda x: (x[2], x[0]))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--base-url', required=True)
    parser.add_argument('--screens', default='var/screenshots')
    parser.add_argument('--demo-email', default='owner@demo.veloria.local')
    parser.add_argument('--demo-password', default='veloria-demo')
    parser.add_argument('-k', action='append', default=[], help='run only tests whose name contains this')
    args = parser.parse_args()
    passed, failed = 0, []
    tests = discover(args.k)
    if not tests:
        print('no browser tests matched')
        print('browser: 0 passed, 1 failed')
        sys.exit(1)
    for name, fn in tests:
        t = TestContext(args, name.split('.')[-1])
        started = time.monotonic()
        error = None
        try:
            fn(t)
        except Exception as exc:  # a failed check, a timeout or a broken page: all are failures
            error = exc if isinstance(exc, TestFailure) else f'{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}'
        for b in t.browsers:
            try:
                js_errors = b.drain_console()
            except Exception as exc:
                js_errors = [{'message': f'could not read the console: {exc}'}]
            if js_errors and error is None:
                error = 'JavaScript errors in the console:\n  ' + '\n  '.join(e['message'][:400] for e in js_errors)
            if error is not None:
                b.fail_shot()
            b.quit()
        took = time.monotonic() - started
        if error is None:
            passed += 1
            print(f'  ok    {name} ({took:.1f} s)', flush=True)
        else:
            failed.append(name)
            print(f'  FAIL  {name} ({took:.1f} s)\n        {str(error).strip()}', flush=True)
    if FIGURES:
        print('\nmeasured:')
        for name, value, unit in FIGURES:
            print(f'  {name}: {value:.1f} {unit}' if isinstance(value, float) else f'  {name}: {value} {unit}')
    print(f'\nscreenshots in {os.path.abspath(args.screens)}')
    if failed:
        print('failed: ' + ', '.join(failed))
    print(f'browser: {passed} passed, {len(failed)} failed')
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
