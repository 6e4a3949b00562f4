# The two set-up commands of the README: `make run` and `make test`. Both install what is
# missing from Debian's packages (as root), configure, build, and then run.
BUILD_DIR ?= build
JOBS ?= 2
APT_PACKAGES := cmake ninja-build g++ pkgconf libboost-dev nlohmann-json3-dev libgtest-dev libgmock-dev ccache
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build run test fuzz clean

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installation des paquets manquants :$$missing"; \
	  $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

configure: deps
	@[ -f $(BUILD_DIR)/build.ninja ] || cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BUILD_DIR)/cli/relais check rules
	$(BUILD_DIR)/cli/relais simulate scenarios/exemples/reprise-emploi-mi-temps.json

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

# libFuzzer targets for the parser and the checker (clang); SECONDS per target, default 60.
fuzz: deps
	cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DRELAIS_FUZZ=ON -DRELAIS_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS) --target fuzz_compile fuzz_case fuzz_population_line
	mkdir -p build-fuzz/corpus build-fuzz/cases && cp rules/*/*.rules build-fuzz/corpus/ 2>/dev/null || true
	cp scenarios/*.json scenarios/exemples/*.json build-fuzz/cases/ && rm -f build-fuzz/cases/*.attendu.json
	build-fuzz/fuzz/fuzz_compile -max_total_time=$${SECONDS_PER_TARGET:-60} -max_len=8192 build-fuzz/corpus fuzz/seeds
	build-fuzz/fuzz/fuzz_case -max_total_time=$${SECONDS_PER_TARGET:-60} -max_len=16384 build-fuzz/cases
	mkdir -p build-fuzz/lines && head -n 200 scenarios/populations/*.jsonl | grep '^{' | split -l 1 - build-fuzz/lines/line-
	build-fuzz/fuzz/fuzz_population_line -max_total_time=$${SECONDS_PER_TARGET:-60} -max_len=4096 build-fuzz/lines

clean:
	rm -rf $(BUILD_DIR) build-fuzz
