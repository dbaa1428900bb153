// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the ring-buffer reader (attach/ringbuf.c) against a real
 * BPF ring buffer of the host: a socket filter run by BPF_PROG_TEST_RUN
 * writes records of 200 bytes into a 4 KiB ring, so that many wrap around
 * its end.  Without the privilege to make BPF maps and programs, says so
 * and checks nothing.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <bpf/bpf.h>

#include "attach/ringbuf.h"
#include "unit.h"

#define REC	200

struct seen {
	unsigned int n, bad, stop_at;
};

static int check_record(void *ctx, void *data, size_t size)
{
	struct seen *s = ctx;
	const unsigned char *p = data;
	size_t i;

	if (size != REC)
		s->bad++;
	for (i = 0; i < size; i++)
		if (p[i] != (unsigned char)(s->n + i)) {
			s->bad++;
			break;
		}
	s->n++;
	return s->n == s->stop_at ? -E2BIG : 0;
}

#define INSN(...) ((struct bpf_insn){ __VA_ARGS__ })

/* A program that outputs the value of array ARR into ring buffer RING; -errno. */
static int output_prog(int arr, int ring)
{
	struct bpf_insn p[] = {
		INSN(.code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4),
		INSN(.code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
		     .src_reg = BPF_PSEUDO_MAP_FD, .imm = arr),
		INSN(0),
		INSN(.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2,
		     .src_reg = BPF_REG_10),
		INSN(.code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4),
		INSN(.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem),
		INSN(.code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = BPF_REG_0, .off = 7),
		INSN(.code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2,
		     .src_reg = BPF_REG_0),
		INSN(.code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
		     .src_reg = BPF_PSEUDO_MAP_FD, .imm = ring),
		INSN(0),
		INSN(.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_3, .imm = REC),
		INSN(.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_4),
		INSN(.code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_ringbuf_output),
		INSN(.code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0),
		INSN(.code = BPF_JMP | BPF_EXIT),
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "wr_rb_test", "GPL", p,
			       sizeof(p) / sizeof(p[0]), NULL);

	return fd < 0 ? -errno : fd;
}

/* Record K: bytes K, K+1, ... written through the program. */
static int write_record(int prog, int arr, unsigned int k)
{
	unsigned char val[REC], pkt[64] = { 0 };
	unsigned int zero = 0, i;
	LIBBPF_OPTS(bpf_test_run_opts, to, .data_in = pkt, .data_size_in = sizeof(pkt));

	for (i = 0; i < REC; i++)
		val[i] = k + i;
	if (bpf_map_update_elem(arr, &zero, val, 0))
		return -errno;
	return bpf_prog_test_run_opts(prog, &to) ? -errno : 0;
}

static void records_that_wrap_read_whole(void)
{
	int ring = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "wr_rb_test", 0, 0, 4096, NULL);
	int arr = bpf_map_create(BPF_MAP_TYPE_ARRAY, "wr_rb_val", 4, REC, 1, NULL);
	struct seen s = { .stop_at = 150 };
	struct wr_ringbuf *rb = NULL;
	int prog = -1, n, total = 0;
	unsigned int k;

	if (ring < 0 || arr < 0 || (prog = output_prog(arr, ring)) < 0) {
		printf("    no BPF here (%s): not checked\n", strerror(errno));
		goto out;
	}
	rb = ringbuf__new(ring, check_record, &s);
	CHECK(rb != NULL);
	if (!rb)
		goto out;
	CHECK(ringbuf__epoll_fd(rb) >= 0);
	CHECK(ringbuf__poll(rb, 0) == 0);
	for (k = 0; k < 300; k++) {
		CHECK(write_record(prog, arr, k) == 0);
		if (k % 7 == 6) {	/* 7 records of 208 bytes: the ring's end is crossed */
			n = ringbuf__consume(rb);
			total += n > 0 ? n : 0;
			/* a callback's negative return stops the reading after that record */
			if (s.n == s.stop_at)
				CHECK(n == -E2BIG);
		}
	}
	n = ringbuf__poll(rb, 100);
	CHECK(n > 0);
	CHECK_EQ_U64(s.n, 300);
	CHECK_EQ_U64(s.bad, 0);
	CHECK(ringbuf__consume(rb) == 0);
out:
	ringbuf__free(rb);
	if (prog >= 0)
		close(prog);
	if (arr >= 0)
		close(arr);
	if (ring >= 0)
		close(ring);
}

UNIT_MAIN("ringbuf", T(records_that_wrap_read_whole))
