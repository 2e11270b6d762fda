# Parity: the two commands a newcomer needs are `make run` and `make test`.
SWIFT      ?= swift
CONFIG_DEV := Config/parity.dev.toml
BIN        := .build/debug
RELEASE    := .build/release

.PHONY: deps build run daemon test lint format bench fuzz install clean deb systemd-test

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

## run: build, check the shipped frameworks, recognise sample credentials, and run parityd through its lifecycle on ./var
run: build
	@scripts/run-demo.sh $(BIN) $(CONFIG_DEV)

## daemon: run parityd in the foreground on the development configuration (Ctrl-C stops it)
daemon: build
	$(BIN)/parityd --config $(CONFIG_DEV)

## test: every test (XCTest and Swift Testing) on a debug build, in three runs:
## - the suites that start the service group in the test process itself (DaemonLifecycleTests,
##   SystemdNotifyTests) run alone: its services are tasks on Swift's two cooperative threads,
##   which the other suites' synchronous work (framework loads, the commands run in process,
##   blocking waits for child processes) can hold past the 20 s wait for READY;
## - the suites on the tests' own PostgreSQL run on their own too: the server's start (initdb,
##   pg_ctl) and their synchronous waits hold both cooperative threads, and the two-node test's
##   5,000 messages hold both cores;
## - the multi-node fault scenarios (NodeFaultTests: two nodes in network namespaces, a PostgreSQL
##   server of their own that they restart, cut off, fill the spool under, jump a clock on; 5,000
##   messages each) last, alone: they print what they counted ("fault <scenario>: delivered=...");
## - everything else together, first.
IN_PROCESS_SUITES := DaemonLifecycleTests|SystemdNotifyTests
POSTGRES_SUITES := TwoNodeDaemonTests|PostgresBoundedWaitTests|SchemaMigrationsAppliedTests|PostgresDaemonTests|StoreContractTests|PersonIndexContractTests|PostgresStoreSetupTests
FAULT_SUITES := NodeFaultTests
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --skip '$(POSTGRES_SUITES)|$(IN_PROCESS_SUITES)|$(FAULT_SUITES)'
	$(SWIFT) test --skip-build --filter '$(IN_PROCESS_SUITES)'
	$(SWIFT) test --skip-build --filter '$(POSTGRES_SUITES)'
	@status=0; $(SWIFT) test --skip-build --filter '$(FAULT_SUITES)' > .build/fault-tests.log 2>&1 || status=$$?; \
	  cat .build/fault-tests.log; echo "--- what the fault scenarios counted:"; grep '^fault ' .build/fault-tests.log; \
	  exit $$status


## lint: the house style (.swift-format, line length 120), every import declared in Package.swift,
## and the size rules (files of at most 300 lines, functions of at most 80); `make format` applies the style
lint:
	$(SWIFT) format lint --configuration .swift-format --strict --recursive Sources Tests Benchmarks Package.swift
	python3 scripts/lint-imports.py
	python3 scripts/lint-sizes.py

format:
	$(SWIFT) format format --configuration .swift-format --in-place --recursive Sources Tests Benchmarks Package.swift

## fuzz: libFuzzer (with address sanitizer) on every decoder for FUZZ_SECONDS each (default 60);
## crash inputs are kept under Tests/Fuzz/crashes/ and replayed by `make test`
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz.sh

## bench: release build, then the benchmarks print their figures
bench: deps
	$(SWIFT) build -c release --product parity-bench
	$(SWIFT) build -c release --product parity
	$(SWIFT) build -c release --product parityd
	@scripts/bench.sh $(RELEASE)

## install: binaries (Swift runtime linked statically, as in the package), configuration, schema, frameworks,
## trust material and the systemd files in the usual places (PREFIX=/usr/local); the file list is
## scripts/install-tree.sh, which `make deb` stages too
PREFIX      ?= /usr/local
DESTDIR     ?=
UNITDIR     ?= /etc/systemd/system
SYSUSERSDIR ?= /etc/sysusers.d
TMPFILESDIR ?= /etc/tmpfiles.d
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --product parityd
	$(SWIFT) build -c release --static-swift-stdlib --product parity
	scripts/install-tree.sh "$(DESTDIR)" $(PREFIX) $(UNITDIR) $(SYSUSERSDIR) $(TMPFILESDIR) $(RELEASE)
	install -d $(DESTDIR)/var/lib/parity/frameworks
	install -m 0644 Frameworks/*.xml $(DESTDIR)/var/lib/parity/frameworks/
	@echo "installed; then: systemd-sysusers && systemd-tmpfiles --create && systemctl daemon-reload && systemctl enable --now parityd"

clean:
	rm -rf var
	$(SWIFT) package clean

## deb: the Debian package parity_$(VERSION)_amd64.deb in $(DEB_OUT): parityd and parity linked with
## the Swift runtime statically (runs on Debian 12 without the toolchain), the unit, sysusers and
## tmpfiles files, /etc/parity/parity.toml as a conffile, frameworks, schema and trust material
## under /usr/share/parity, manual pages from the command-line help; Depends from dpkg-shlibdeps
VERSION ?= 0.26.0
DEB_OUT ?= .build/deb
deb: deps
	$(SWIFT) build -c release --static-swift-stdlib --product parityd
	$(SWIFT) build -c release --static-swift-stdlib --product parity
	$(SWIFT) build --product generate-manual
	scripts/build-deb.sh $(VERSION) $(RELEASE) $(BIN)/generate-manual $(DEB_OUT)

## systemd-test: the package under a real systemd (systemd-nspawn on a cached debootstrap tree):
## install with apt, READY, a producer's messages, reload, journal, hardening, an upgrade with
## 1,000 messages queued, stop, purge. Needs root.
systemd-test: deb
	scripts/build-deb.sh $(VERSION)+rebuild1 $(RELEASE) $(BIN)/generate-manual $(DEB_OUT)
	scripts/systemd-test.sh $(DEB_OUT)/parity_$(VERSION)_amd64.deb $(DEB_OUT)/parity_$(VERSION)+rebuild1_amd64.deb
