# SPDX-License-Identifier: GPL-2.0
#
# make metrics-check: the metrics the daemon serves (over HTTP and in the
# textfile: both are daemon/metrics.c's metrics__write()) through
# `promtool check metrics`, the exposition format's own linter: format,
# HELP and TYPE, _total on counters, base units.  The sample is the one
# the metrics unit test writes; promtool comes from Debian's prometheus
# package, unpacked in the cache, not installed (tools/promtool.sh).

.PHONY: metrics-check
metrics-check: $(BUILD)/unit/test_metrics
	@$(BUILD)/unit/test_metrics > $(BUILD)/unit/test_metrics.log || \
		{ cat $(BUILD)/unit/test_metrics.log; exit 1; }
	$(call msg,PROMTOOL,$(METRICS_SAMPLE))
	@promtool=$$(tools/promtool.sh) && "$$promtool" check metrics < $(METRICS_SAMPLE) || \
		{ echo "$(METRICS_SAMPLE): promtool check metrics finds the problems above; fix userspace/daemon/metrics.c" >&2; exit 1; }
