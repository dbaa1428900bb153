/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wr_who.bpf.h - during what a get was taken: the system call the current
 * task is in, and for a DRM ioctl its cmd and DRM client (include/wakeref.h,
 * struct wr_event: client, sys_nr, ioctl_cmd).
 *
 * The task's user registers are at the top of its kernel stack
 * (bpf_task_pt_regs()).  They are a system call's only if the task entered
 * the kernel by the 64-bit syscall instruction: user code segment, and
 * pt_regs->ax still -ENOSYS, which the entry code stores there until the
 * call returns; an exception from user space (a page fault) puts its error
 * code in orig_ax, where it would pass for a syscall number, but leaves the
 * user's ax.  A kernel thread has no user registers.  An interrupt on top
 * of a task in a system call is not told apart here: the frontend drops the
 * system call of a get whose stack came through an interrupt.
 */
#ifndef WR_WHO_BPF_H
#define WR_WHO_BPF_H

#define WR_PF_KTHREAD		0x00200000	/* include/linux/sched.h */
#define WR_USER_CS		0x33		/* __USER_CS, x86-64 */
#define WR_ENOSYS		38
#define WR_DRM_IOCTL_BASE	'd'

/* drm_file.h: client_id, where the kernel has it (drm_show_fdinfo()'s drm-client-id) */
struct drm_file___wr {
	__u64 client_id;
} __attribute__((preserve_access_index));

/* The DRM client behind file descriptor FD of TASK: drm_file * or client_id. */
static __always_inline void read_drm_client(struct wr_event *e, struct task_struct *task,
					    __u64 fd)
{
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds, *file = NULL;
	struct drm_file___wr *df;

	if (!fdt || fd >= BPF_CORE_READ(fdt, max_fds))
		return;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return;
	df = BPF_CORE_READ(file, private_data);
	if (!df)
		return;
	if (bpf_core_field_exists(df->client_id)) {
		e->client = BPF_CORE_READ(df, client_id);
		e->flags |= WR_EVF_CLIENT_ID;
	} else {
		e->client = (__u64)df;
	}
}

static __always_inline void read_syscall(struct wr_event *e)
{
	struct task_struct *task = bpf_get_current_task_btf();
	struct pt_regs *regs;
	long nr;
	__u32 cmd;

	e->client = 0;
	e->sys_nr = 0;
	e->ioctl_cmd = 0;
	if (BPF_CORE_READ(task, flags) & WR_PF_KTHREAD)
		return;
	regs = (struct pt_regs *)bpf_task_pt_regs(task);
	if (!regs || BPF_CORE_READ(regs, cs) != WR_USER_CS ||
	    BPF_CORE_READ(regs, ax) != (unsigned long)-WR_ENOSYS)
		return;
	nr = BPF_CORE_READ(regs, orig_ax);
	if (nr < 0 || nr > 0xffff)
		return;
	e->sys_nr = nr;
	e->flags |= WR_EVF_SYSCALL;
	if (nr != WR_NR_IOCTL)
		return;
	cmd = BPF_CORE_READ(regs, si);
	e->ioctl_cmd = cmd;
	if (((cmd >> 8) & 0xff) == WR_DRM_IOCTL_BASE)
		read_drm_client(e, task, BPF_CORE_READ(regs, di));
}

#endif /* WR_WHO_BPF_H */
