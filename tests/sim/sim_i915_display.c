// SPDX-License-Identifier: GPL-2.0
/*
 * Display power domains (display/intel_display_power.c), handed the i915
 * device up to 6.14 and struct intel_display from 6.17 (sim_display_dev in
 * sim_i915.h); runtime PM through i915's intel_runtime_pm_* up to 6.14 and
 * through the intel_display_rpm_* layer from 6.17 (display_rpm_*() below):
 *
 *  - intel_display_power_get() takes an rpm wakelock (intel_runtime_pm_get)
 *    and then counts the domain under power_domains->lock;
 *  - _get_if_enabled() does the same with intel_runtime_pm_get_if_in_use and
 *    gives the wakelock back if the domain is off;
 *  - __intel_display_power_put_async() keeps the domain for delay_ms (by
 *    default 100 as in i915, or the async_put_delay_ms parameter) on a *raw*
 *    wakeref of its own (async_put_wakeref), drops the caller's wakelock at
 *    once, and intel_display_power_put_async_work() drops the domain and the
 *    raw wakeref later; a get of a pending domain grabs it back (and
 *    cancels the work if it was the last);
 *  - intel_display_power_flush_work() does the work's job now.
 *
 * Simplified: there are no power wells.  A domain is "enabled" while its use
 * count is non-zero or an async put of it is pending, and
 * release_async_put_domains() only drops the counts, inside the wakelock
 * i915 takes around the power-well disable.  i915's drm_WARNs are asserts
 * (a counter and a pr_info).
 *
 * The oracle (owner rule in sim.h): the raw wakeref kept for the work is
 * recorded with the caller of __intel_display_power_put_async() as owner
 * (_RET_IP_), or with the work function as owner when the work requeues
 * itself on its own raw wakeref.  Wakelocks returned to a caller are recorded
 * by the caller.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "sim.h"
#include "sim_i915.h"

static const char * const sim_domain_names[POWER_DOMAIN_NUM] = {
	[POWER_DOMAIN_DISPLAY_CORE] = "display_core",
	[POWER_DOMAIN_PIPE_A] = "pipe_a",
	[POWER_DOMAIN_PIPE_B] = "pipe_b",
	[POWER_DOMAIN_AUX_A] = "aux_a",
	[POWER_DOMAIN_AUX_B] = "aux_b",
	[POWER_DOMAIN_GT_IRQ] = "gt_irq",
	[POWER_DOMAIN_DC_OFF] = "dc_off",
	[POWER_DOMAIN_AUDIO_PLAYBACK] = "audio_playback",
	[POWER_DOMAIN_INIT] = "init",
};

int sim_display_domain_lookup(const char *name)
{
	int i;

	for (i = 0; i < POWER_DOMAIN_NUM; i++) {
		if (!strcmp(name, sim_domain_names[i]))
			return i;
	}
	return -1;
}

const char *sim_display_domain_name(int domain)
{
	return domain >= 0 && domain < POWER_DOMAIN_NUM ? sim_domain_names[domain] : "?";
}

unsigned int sim_display_nr_domains(void)
{
	return POWER_DOMAIN_NUM;
}

static struct drm_i915_private *domains_to_i915(struct i915_power_domains *power_domains)
{
	return container_of(power_domains, struct drm_i915_private, display.power.domains);
}

static void sim_display_assert(struct drm_i915_private *i915, bool ok, const char *what,
			       enum intel_display_power_domain domain)
{
	if (likely(ok))
		return;
	sim_oracle_assert(sim_i915_to_gpu(i915));
	pr_info_ratelimited("%s: display assert would WARN: %s (domain %s)\n",
			    dev_name(i915->drm.dev), what, sim_display_domain_name(domain));
}

/*
 * Display's runtime-PM calls: i915's own entry points up to 6.14, the
 * intel_display_rpm_* layer from 6.17.  Always inlined: no frame of their
 * own, as in i915, where these are the calls themselves.
 */
static __always_inline intel_wakeref_t display_rpm_get(struct drm_i915_private *i915)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	return intel_display_rpm_get(&i915->display);
#else
	return intel_runtime_pm_get(&i915->runtime_pm);
#endif
}

static __always_inline intel_wakeref_t display_rpm_get_raw(struct drm_i915_private *i915)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	return intel_display_rpm_get_raw(&i915->display);
#else
	return intel_runtime_pm_get_raw(&i915->runtime_pm);
#endif
}

static __always_inline intel_wakeref_t display_rpm_get_if_in_use(struct drm_i915_private *i915)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	return intel_display_rpm_get_if_in_use(&i915->display);
#else
	return intel_runtime_pm_get_if_in_use(&i915->runtime_pm);
#endif
}

/*
 * The wakelock release_async_put_domains() takes while a raw reference
 * keeps the device awake, as Debian's i915 binaries have it: a full get in
 * 6.1, get_noresume in 6.12 (from 6.10, 6.10 not read, where get_noresume
 * asserts only a raw reference), display's get_noresume from 6.17.
 */
static __always_inline intel_wakeref_t display_rpm_get_noresume(struct drm_i915_private *i915)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	return intel_display_rpm_get_noresume(&i915->display);
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
	return intel_runtime_pm_get_noresume(&i915->runtime_pm);
#else
	return intel_runtime_pm_get(&i915->runtime_pm);
#endif
}

static __always_inline void display_rpm_put(struct drm_i915_private *i915,
					    intel_wakeref_t wakeref)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	intel_display_rpm_put(&i915->display, wakeref);
#else
	intel_runtime_pm_put(&i915->runtime_pm, wakeref);
#endif
}

static __always_inline void display_rpm_put_raw(struct drm_i915_private *i915,
						intel_wakeref_t wakeref)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	intel_display_rpm_put_raw(&i915->display, wakeref);
#else
	intel_runtime_pm_put_raw(&i915->runtime_pm, wakeref);
#endif
}

static __always_inline void display_rpm_put_unchecked(struct drm_i915_private *i915)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
	intel_display_rpm_put_unchecked(&i915->display);
#else
	intel_runtime_pm_put_unchecked(&i915->runtime_pm);
#endif
}

static void async_put_domains_mask(struct i915_power_domains *power_domains,
				   struct intel_power_domain_mask *mask)
{
	bitmap_or(mask->bits, power_domains->async_put_domains[0].bits,
		  power_domains->async_put_domains[1].bits, POWER_DOMAIN_NUM);
}

static bool __intel_display_power_is_enabled(struct drm_i915_private *i915,
					     enum intel_display_power_domain domain)
{
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	struct intel_power_domain_mask mask;

	async_put_domains_mask(power_domains, &mask);
	return power_domains->domain_use_count[domain] > 0 || test_bit(domain, mask.bits);
}

/* Drop the pending async put's raw wakeref (with the lock held). */
static void cancel_async_put_work(struct i915_power_domains *power_domains, bool sync)
{
	struct drm_i915_private *i915 = domains_to_i915(power_domains);
	intel_wakeref_t work_wakeref;
	u64 id;

	work_wakeref = fetch_and_zero(&power_domains->async_put_wakeref);
	id = fetch_and_zero(&power_domains->sim_async_put_id);
	if (!work_wakeref)
		return;

	if (sync)
		cancel_delayed_work_sync(&power_domains->async_put_work);
	else
		cancel_delayed_work(&power_domains->async_put_work);

	sim_oracle_put(sim_i915_to_gpu(i915), id);
	display_rpm_put_raw(i915, work_wakeref);
}

/* A get of a domain whose async put is pending takes that reference over. */
static bool intel_display_power_grab_async_put_ref(struct drm_i915_private *i915,
						   enum intel_display_power_domain domain)
{
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	struct intel_power_domain_mask mask;

	async_put_domains_mask(power_domains, &mask);
	if (!test_bit(domain, mask.bits))
		return false;

	clear_bit(domain, power_domains->async_put_domains[0].bits);
	clear_bit(domain, power_domains->async_put_domains[1].bits);

	async_put_domains_mask(power_domains, &mask);
	if (bitmap_empty(mask.bits, POWER_DOMAIN_NUM))
		cancel_async_put_work(power_domains, false);
	return true;
}

static void __intel_display_power_get_domain(struct drm_i915_private *i915,
					     enum intel_display_power_domain domain)
{
	struct i915_power_domains *power_domains = &i915->display.power.domains;

	if (intel_display_power_grab_async_put_ref(i915, domain))
		return;
	power_domains->domain_use_count[domain]++;
}

static void __intel_display_power_put_domain(struct drm_i915_private *i915,
					     enum intel_display_power_domain domain)
{
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	struct intel_power_domain_mask mask;

	sim_display_assert(i915, power_domains->domain_use_count[domain],
			   "Use count on domain is already zero", domain);
	async_put_domains_mask(power_domains, &mask);
	sim_display_assert(i915, !test_bit(domain, mask.bits),
			   "Async disabling of domain is pending", domain);
	if (power_domains->domain_use_count[domain] > 0)
		power_domains->domain_use_count[domain]--;
}

/*
 * With the lock and a raw reference held (the work's or the pending put's):
 * a frame of its own, as in every Debian i915; the wakelock is taken and
 * dropped here, never an owner.
 */
static __sim_frame void release_async_put_domains(struct i915_power_domains *power_domains,
						  struct intel_power_domain_mask *mask)
{
	struct drm_i915_private *i915 = domains_to_i915(power_domains);
	intel_wakeref_t wakeref;
	int domain;

	wakeref = display_rpm_get_noresume(i915);
	for_each_set_bit(domain, mask->bits, POWER_DOMAIN_NUM) {
		clear_bit(domain, power_domains->async_put_domains[0].bits);
		clear_bit(domain, power_domains->async_put_domains[1].bits);
		__intel_display_power_put_domain(i915, domain);
	}
	display_rpm_put(i915, wakeref);
}

__sim_frame intel_wakeref_t intel_display_power_get(struct sim_display_dev *display,
						    enum intel_display_power_domain domain)
{
	struct drm_i915_private *i915 = sim_display_i915(display);
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	intel_wakeref_t wakeref = display_rpm_get(i915);

	mutex_lock(&power_domains->lock);
	__intel_display_power_get_domain(i915, domain);
	mutex_unlock(&power_domains->lock);

	return wakeref;
}

__sim_frame intel_wakeref_t
intel_display_power_get_if_enabled(struct sim_display_dev *display,
				   enum intel_display_power_domain domain)
{
	struct drm_i915_private *i915 = sim_display_i915(display);
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	intel_wakeref_t wakeref;
	bool is_enabled;

	wakeref = display_rpm_get_if_in_use(i915);
	if (!wakeref)
		return SIM_WAKEREF_NONE;

	mutex_lock(&power_domains->lock);
	is_enabled = __intel_display_power_is_enabled(i915, domain);
	if (is_enabled)
		__intel_display_power_get_domain(i915, domain);
	mutex_unlock(&power_domains->lock);

	if (!is_enabled) {
		display_rpm_put(i915, wakeref);
		wakeref = SIM_WAKEREF_NONE;
	}
	return wakeref;
}

static void __intel_display_power_put(struct drm_i915_private *i915,
				      enum intel_display_power_domain domain)
{
	struct i915_power_domains *power_domains = &i915->display.power.domains;

	mutex_lock(&power_domains->lock);
	__intel_display_power_put_domain(i915, domain);
	mutex_unlock(&power_domains->lock);
}

__sim_frame void intel_display_power_put_unchecked(struct sim_display_dev *display,
						   enum intel_display_power_domain domain)
{
	struct drm_i915_private *i915 = sim_display_i915(display);

	__intel_display_power_put(i915, domain);
	display_rpm_put_unchecked(i915);
}

#ifdef SIM_DEBUG_RUNTIME_PM
/* only a function of its own in the debug build; else put_unchecked */
__sim_frame void intel_display_power_put(struct sim_display_dev *display,
					 enum intel_display_power_domain domain,
					 intel_wakeref_t wakeref)
{
	struct drm_i915_private *i915 = sim_display_i915(display);

	__intel_display_power_put(i915, domain);
	display_rpm_put(i915, wakeref);
}
#endif

/* With the lock held: hand @wakeref (recorded as @id) to the work. */
static void queue_async_put_domains_work(struct i915_power_domains *power_domains,
					 intel_wakeref_t wakeref, u64 id, int delay_ms)
{
	struct drm_i915_private *i915 = domains_to_i915(power_domains);

	sim_display_assert(i915, !power_domains->async_put_wakeref,
			   "async put wakeref already set", POWER_DOMAIN_NUM);
	power_domains->async_put_wakeref = wakeref;
	power_domains->sim_async_put_id = id;
	if (!queue_delayed_work(system_dfl_wq, &power_domains->async_put_work,
				msecs_to_jiffies(delay_ms)))
		sim_display_assert(i915, false, "async put work already queued",
				   POWER_DOMAIN_NUM);
}

static __sim_frame void intel_display_power_put_async_work(struct work_struct *work)
{
	struct i915_power_domains *power_domains =
		container_of(work, struct i915_power_domains, async_put_work.work);
	struct drm_i915_private *i915 = domains_to_i915(power_domains);
	struct sim_gpu *gpu = sim_i915_to_gpu(i915);
	intel_wakeref_t new_work_wakeref;
	intel_wakeref_t old_work_wakeref;
	u64 old_id = 0;

	sim_oracle_arm_get(gpu, SIM_UNIT_RAW);
	new_work_wakeref = display_rpm_get_raw(i915);

	mutex_lock(&power_domains->lock);

	/* bail out if a get or a flush took the pending domains meanwhile */
	old_work_wakeref = fetch_and_zero(&power_domains->async_put_wakeref);
	if (!old_work_wakeref)
		goto out;
	old_id = fetch_and_zero(&power_domains->sim_async_put_id);

	release_async_put_domains(power_domains, &power_domains->async_put_domains[0]);

	/* requeue if more domains were put asynchronously meanwhile */
	if (!bitmap_empty(power_domains->async_put_domains[1].bits, POWER_DOMAIN_NUM)) {
		u64 id = sim_oracle_hold(gpu, _THIS_IP_, SIM_UNIT_RAW, "async_put",
					 sim_wref_to_cookie(new_work_wakeref));

		bitmap_copy(power_domains->async_put_domains[0].bits,
			    power_domains->async_put_domains[1].bits, POWER_DOMAIN_NUM);
		bitmap_zero(power_domains->async_put_domains[1].bits, POWER_DOMAIN_NUM);
		queue_async_put_domains_work(power_domains, fetch_and_zero(&new_work_wakeref),
					     id, power_domains->async_put_next_delay);
		power_domains->async_put_next_delay = 0;
	} else {
		cancel_async_put_work(power_domains, false);
	}
out:
	mutex_unlock(&power_domains->lock);

	if (old_work_wakeref) {
		sim_oracle_put(gpu, old_id);
		display_rpm_put_raw(i915, old_work_wakeref);
	}
	if (new_work_wakeref)
		display_rpm_put_raw(i915, new_work_wakeref);
}

__sim_frame void __intel_display_power_put_async(struct sim_display_dev *display,
						 enum intel_display_power_domain domain,
						 intel_wakeref_t wakeref, int delay_ms)
{
	struct drm_i915_private *i915 = sim_display_i915(display);
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	intel_wakeref_t work_wakeref;

	sim_oracle_arm_get(sim_i915_to_gpu(i915), SIM_UNIT_RAW);
	work_wakeref = display_rpm_get_raw(i915);

	/* i915: 100; the simulation's async_put_delay_ms parameter */
	delay_ms = delay_ms >= 0 ? delay_ms : sim_async_put_delay_ms;

	mutex_lock(&power_domains->lock);

	if (power_domains->domain_use_count[domain] > 1) {
		__intel_display_power_put_domain(i915, domain);
		goto out;
	}

	sim_display_assert(i915, power_domains->domain_use_count[domain] == 1,
			   "async put of a domain not held once", domain);

	/* let a pending work requeue itself or queue a new one */
	if (power_domains->async_put_wakeref) {
		set_bit(domain, power_domains->async_put_domains[1].bits);
		power_domains->async_put_next_delay = max(power_domains->async_put_next_delay,
							  delay_ms);
	} else {
		u64 id = sim_oracle_hold(sim_i915_to_gpu(i915), _RET_IP_, SIM_UNIT_RAW,
					 "async_put", sim_wref_to_cookie(work_wakeref));

		set_bit(domain, power_domains->async_put_domains[0].bits);
		queue_async_put_domains_work(power_domains, fetch_and_zero(&work_wakeref), id,
					     delay_ms);
	}
out:
	mutex_unlock(&power_domains->lock);

	if (work_wakeref)
		display_rpm_put_raw(i915, work_wakeref);

	display_rpm_put(i915, wakeref);
}

__sim_frame void intel_display_power_flush_work(struct sim_display_dev *display)
{
	struct drm_i915_private *i915 = sim_display_i915(display);
	struct i915_power_domains *power_domains = &i915->display.power.domains;
	struct intel_power_domain_mask mask;
	intel_wakeref_t work_wakeref;
	u64 id = 0;

	mutex_lock(&power_domains->lock);

	work_wakeref = fetch_and_zero(&power_domains->async_put_wakeref);
	if (!work_wakeref)
		goto out;
	id = fetch_and_zero(&power_domains->sim_async_put_id);

	async_put_domains_mask(power_domains, &mask);
	release_async_put_domains(power_domains, &mask);
	/* a work already running finds no wakeref and bails out */
	cancel_delayed_work(&power_domains->async_put_work);
out:
	mutex_unlock(&power_domains->lock);

	if (work_wakeref) {
		sim_oracle_put(sim_i915_to_gpu(i915), id);
		display_rpm_put_raw(i915, work_wakeref);
	}
}

__sim_frame void intel_power_domains_init(struct drm_i915_private *i915)
{
	struct i915_power_domains *power_domains = &i915->display.power.domains;

	mutex_init(&power_domains->lock);
	INIT_DELAYED_WORK(&power_domains->async_put_work, intel_display_power_put_async_work);
}

/* Remove: nothing pending may outlive the device. */
__sim_frame void intel_power_domains_driver_remove(struct drm_i915_private *i915)
{
	struct i915_power_domains *power_domains = &i915->display.power.domains;

	intel_display_power_flush_work(sim_i915_display(i915));
	cancel_delayed_work_sync(&power_domains->async_put_work);
	/* a work that ran concurrently may have requeued itself */
	intel_display_power_flush_work(sim_i915_display(i915));
	cancel_delayed_work_sync(&power_domains->async_put_work);
}
