# VeloriaCRM developer commands. Options for the scripts go in ARGS, e.g.
#   make run ARGS="--port 9000"      make test ARGS="--filter Money"
ARGS ?=

.PHONY: help run test vendor

help:
	@echo "make run     install system packages, build, migrate the embedded SQLite and serve on :8080"
	@echo "make test    start private PostgreSQL and Redis, run the suite on SQLite and on PostgreSQL"
	@echo "make vendor  install the front-end libraries into public/vendor/"

run:
	bash scripts/setup-and-run $(ARGS)

test:
	bash scripts/test $(ARGS)

vendor:
	bash scripts/install-vendor-assets
