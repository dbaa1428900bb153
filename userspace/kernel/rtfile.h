/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtfile.h - a debug kernel's ref_tracker debugfs file, read and parsed
 * (rtfile.c): lib/ref_tracker.c's __ref_tracker_dir_pr_ostream() text.
 * The file is hostile input: every size is bounded and anything that is
 * not that form is an error that says which line and why.
 */
#ifndef WR_KERNEL_RTFILE_H
#define WR_KERNEL_RTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WR_RT_MAX_BYTES		(1u << 20)	/* the kernel prints 16 stacks of 16 frames */
#define WR_RT_MAX_LINE		1024
#define WR_RT_MAX_BLOCKS	64
#define WR_RT_MAX_FRAMES	64
#define WR_RT_FUNC_LEN		256
#define WR_RT_FRAME_LEN		(WR_RT_FUNC_LEN + 128)

struct wr_rt_frame {
	char text[WR_RT_FRAME_LEN];	/* "func+0xoff/0xsize [mod]", as ksyms__snprint() */
	char func[WR_RT_FUNC_LEN];	/* "": an address without a symbol */
	bool bpf;			/* a BPF program, trampoline or dispatcher */
};

/* one "has N/M users at" block: N trackers with this stack */
struct wr_rt_block {
	uint32_t users;
	uint32_t nr_frames;
	struct wr_rt_frame *frames;
};

struct wr_rt_file {
	char cls[64];		/* the directory's class, "intel_runtime_pm" */
	char ptr[40];		/* its %p, as printed */
	uint32_t total;		/* M: every tracker held */
	uint32_t skipped;	/* held but not listed (more stacks than the kernel prints) */
	size_t nr;
	struct wr_rt_block *v;
};

/*
 * Parse TEXT (LEN bytes).  0, or -1 with ERR saying, in a phrase, what is
 * wrong and on which line ("line 3: ...").  An empty text holds nothing.
 */
int rtfile__parse(const char *text, size_t len, struct wr_rt_file *f, char *err, size_t errlen);
/*
 * Read PATH (a regular file, at most WR_RT_MAX_BYTES) and parse it: 0, or
 * -errno with ERR saying why (-EBADMSG: not the kernel's form).
 */
int rtfile__read(const char *path, struct wr_rt_file *f, char *err, size_t errlen);
void rtfile__free(struct wr_rt_file *f);

#endif
