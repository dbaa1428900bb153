// SPDX-License-Identifier: GPL-2.0
/*
 * Running one parsed ctl command (struct sim_cmd, see sim_ctl.c for the
 * grammar): take or preallocate the oracle records it needs in the writer's
 * context, check that the op may run in the requested context, run the
 * site function there (sim_ctx.c) and wait for it, repeat cmd->repeat times.
 *
 * Records a site holds are preallocated here (GFP_KERNEL), so a get in
 * timer or irq context only links one in.  A put takes its record out of
 * the oracle first and gives it back if the put could not run.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/printk.h>

#include "sim.h"
#include "sim_paths.h"

/* The function every op runs, in its context. */
static void sim_ops_call(void *arg)
{
	struct sim_req *req = arg;

	if (req->site)
		req->ret = req->site->fn(req);
	else
		req->ret = sim_no_site(req);
}

static int sim_ops_dispatch(const struct sim_cmd *cmd, struct sim_req *req)
{
	int ret;

	if (sim_ctx_is_atomic(&cmd->ctx) && !sim_op_atomic_ok(req->op)) {
		pr_info("%s may sleep: not in ctx=%s (%s)\n", sim_op_name(req->op),
			sim_ctx_kind_name(cmd->ctx.kind),
			"only puts, conditional gets, get_noresume, gt_put async, wakeref_auto");
		return -EINVAL;
	}
	ret = sim_ctx_run(&cmd->ctx, sim_ops_call, req);
	return ret ? ret : req->ret;
}

/* A get whose reference the site keeps; *@id is its record, 0 if it failed. */
static int sim_ops_get(const struct sim_cmd *cmd, const struct sim_variant *variant, u64 *id)
{
	struct sim_req req = {
		.gpu = cmd->gpu,
		.site = cmd->site,
		.variant = variant,
		.op = variant->get_op,
		.domain = cmd->domain,
	};
	int ret;

	*id = 0;
	req.owner = sim_oracle_alloc();
	if (!req.owner)
		return -ENOMEM;

	ret = sim_ops_dispatch(cmd, &req);
	if (req.owner) {
		/* not consumed: the get failed */
		sim_oracle_free(req.owner);
	} else {
		*id = req.id;
	}
	return ret;
}

/* Release @owner (taken out of the oracle) with @put_op from its site. */
static int sim_ops_put(const struct sim_cmd *cmd, struct sim_owner *owner, enum sim_op put_op)
{
	struct sim_req req = {
		.gpu = owner->gpu,
		.site = owner->site,
		.variant = owner->variant,
		.op = put_op,
		.domain = owner->domain,
		.delay_ms = cmd->delay_ms,
		.cookie = owner->cookie,
		.owner = owner,
	};
	int ret;

	ret = sim_ops_dispatch(cmd, &req);
	if (ret) {
		pr_info("%s: %s of owner %llu at %s failed: %d\n", sim_gpu_name(owner->gpu),
			sim_op_name(put_op), owner->id, owner->site->func, ret);
		sim_oracle_putback(owner);
		return ret;
	}
	sim_oracle_free(owner);
	return 0;
}

static int sim_ops_take_put(const struct sim_cmd *cmd, const struct sim_take_filter *f,
			    enum sim_op put_op)
{
	struct sim_owner *owner;

	owner = sim_oracle_take(cmd->gpu, f);
	if (!owner) {
		if (f->display)
			pr_info("no %s wakeref held on %s taken at %s\n",
				sim_display_domain_name(f->domain), sim_gpu_name(cmd->gpu),
				cmd->site->func);
		else
			pr_info("no wakeref held on %s taken at %s\n", sim_gpu_name(cmd->gpu),
				cmd->site->func);
		return -ENOENT;
	}
	if (put_op == SIM_OP_NONE)
		put_op = cmd->kind ? cmd->kind->put_op : owner->variant->put_op;
	return sim_ops_put(cmd, owner, put_op);
}

/* An op that neither takes nor gives back a record of the site's. */
static int sim_ops_plain(const struct sim_cmd *cmd)
{
	struct sim_req req = {
		.gpu = cmd->gpu,
		.site = cmd->site,
		.op = cmd->op,
		.domain = cmd->domain,
		.delay_ms = cmd->delay_ms,
		.timeout_ms = cmd->timeout_ms,
		.pairs = cmd->pairs,
		.rate = cmd->rate,
		.tracking = cmd->tracking,
	};

	if (cmd->op == SIM_OP_BENCH && cmd->cpus > 1)
		return sim_bench_on_cpus(&req, cmd->cpus);
	return sim_ops_dispatch(cmd, &req);
}

static int sim_ops_once(const struct sim_cmd *cmd)
{
	struct sim_take_filter f = { .site = cmd->site };
	struct sim_owner *owner;
	u64 id;
	int ret;

	if (cmd->put)
		/* "put": the record's own release unless a KIND was given */
		return sim_ops_take_put(cmd, &f, SIM_OP_NONE);

	switch (cmd->op) {
	case SIM_OP_NONE:
		/* get / getput: the variant says how */
		ret = sim_ops_get(cmd, cmd->variant, &id);
		if (ret || !id || !cmd->getput)
			return ret;
		/* by id: a concurrent "put" of the same site may have taken it */
		f.id = id;
		owner = sim_oracle_take(cmd->gpu, &f);
		return owner ? sim_ops_put(cmd, owner, owner->variant->put_op) : 0;
	case SIM_OP_DISPLAY_GET:
		return sim_ops_get(cmd, &sim_display_get_variant, &id);
	case SIM_OP_DISPLAY_GET_IF_ENABLED:
		return sim_ops_get(cmd, &sim_display_get_if_enabled_variant, &id);
	case SIM_OP_DISPLAY_PUT:
	case SIM_OP_DISPLAY_PUT_ASYNC:
		f.display = true;
		f.domain = cmd->domain;
		return sim_ops_take_put(cmd, &f, cmd->op);
	case SIM_OP_GT_PUT:
	case SIM_OP_GT_PUT_ASYNC:
		if (sim_i915_gt_count(cmd->gpu) <= 0) {
			pr_info("%s: the GT is not awake (gt count 0)\n", sim_gpu_name(cmd->gpu));
			return -ENOENT;
		}
		return sim_ops_plain(cmd);
	case SIM_OP_WAKEREF_AUTO:
		if (!cmd->timeout_ms && sim_ctx_is_atomic(&cmd->ctx)) {
			pr_info("wakeref_auto timeout_ms=0 waits for the timer: not in ctx=%s\n",
				sim_ctx_kind_name(cmd->ctx.kind));
			return -EINVAL;
		}
		return sim_ops_plain(cmd);
	default:
		return sim_ops_plain(cmd);
	}
}

int sim_ops_run(const struct sim_cmd *cmd)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < cmd->repeat && !ret; i++)
		ret = sim_ops_once(cmd);
	return ret;
}

/*
 * Release everything held on @gpu, in the writer's context: what the sites
 * hold (newest first, each with its own release), then what the driver
 * holds (GT, userfault wakeref, pending async display put).  Returns how
 * many references the sites held.
 */
unsigned int sim_release_all(struct sim_gpu *gpu)
{
	struct sim_take_filter f = { .site_held = true };
	struct sim_cmd cmd = { .gpu = gpu, .delay_ms = -1, .repeat = 1 };
	struct sim_owner *owner;
	unsigned int n = 0, left;

	while ((owner = sim_oracle_take(gpu, &f))) {
		cmd.site = owner->site;
		if (sim_ops_put(&cmd, owner, owner->variant->put_op))
			break;
		n++;
	}
	if (gpu->driver == SIM_DRV_I915)
		sim_i915_quiesce(gpu);
	else
		sim_xe_quiesce(gpu);

	left = sim_oracle_nr_owners(gpu);
	if (left)
		pr_info("%s: %u reference(s) still recorded after release\n", sim_gpu_name(gpu),
			left);
	return n;
}
