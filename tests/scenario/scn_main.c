// SPDX-License-Identifier: GPL-2.0
/*
 * wakeref-scn: check and run scenarios of the simulated driver
 * (tests/scenarios/README.md).
 *
 *   wakeref-scn check FILE...     parse only (on the host); exit 0 or 2
 *   wakeref-scn run [OPTIONS] FILE
 *                                 run it in the guest against wakeref and the
 *                                 oracle; exit 0 iff every checkpoint agreed
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "scn_guest.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: wakeref-scn check FILE...\n"
		"       wakeref-scn run [OPTIONS] FILE\n\n"
		"check  parse the scenarios and check the order of their operations\n"
		"run    load the simulated driver, attach `wakeref trace -f owners`, run the\n"
		"       scenario and compare wakeref with the driver's oracle at every\n"
		"       checkpoint and at the end (in the guest; needs root)\n\n"
		"Options of run:\n"
		"  --wakeref PATH   the wakeref binary (default /bin/wakeref)\n"
		"  --sim-ko PATH    the simulated driver (default /lib/modules/wakeref_sim.ko)\n"
		"  --simuser PATH   the sim's user process (default /bin/wakeref-simuser)\n"
		"  --name NAME      the scenario's name in messages (default FILE)\n"
		"  -v, --verbose    print every operation and both views at each checkpoint\n\n"
		"Driver operations: ");
	scn_print_known_ops(out);
	fprintf(out, "\nUser process commands (user_cmd SLOT ...): ");
	scn_print_user_cmds(out);
	fprintf(out, "\n");
}

/* Parse and plan @path; print its errors. */
static int load_scenario(struct scn *s, const char *path, const char *name)
{
	size_t i;
	int ret;

	ret = scn_parse_file(s, path, name);
	if (!ret)
		ret = scn_plan(s);
	for (i = 0; i < s->nr_errors && i < SCN_MAX_ERRORS; i++)
		fprintf(stderr, "%s\n", s->errors[i]);
	if (s->nr_errors > SCN_MAX_ERRORS)
		fprintf(stderr, "%s: ... %zu more errors\n", s->file,
			s->nr_errors - SCN_MAX_ERRORS);
	if (s->oom)
		fprintf(stderr, "%s: out of memory\n", s->file);
	return ret;
}

static int cmd_check(int argc, char **argv)
{
	struct scn s;
	size_t i, nr_cp;
	int ret = 0, a;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	for (a = 1; a < argc; a++) {
		if (load_scenario(&s, argv[a], NULL)) {
			ret = 2;
		} else {
			for (i = nr_cp = 0; i < s.nr_ops; i++)
				nr_cp += s.ops[i].kind == SCN_CHECKPOINT;
			printf("%s: ok (%u lines, %zu checkpoint%s)\n", s.file, s.nr_lines, nr_cp,
			       nr_cp == 1 ? "" : "s");
		}
		scn_free(&s);
	}
	return ret;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "wakeref", required_argument, NULL, 'w' },
		{ "sim-ko", required_argument, NULL, 'k' },
		{ "simuser", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'n' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct scn_run_opts opts = {
		.wakeref = "/bin/wakeref",
		.sim_ko = "/lib/modules/wakeref_sim.ko",
		.simuser = "/bin/wakeref-simuser",
	};
	const char *name = NULL;
	struct scn s;
	int opt, ret;

	while ((opt = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (opt) {
		case 'w':
			opts.wakeref = optarg;
			break;
		case 'k':
			opts.sim_ko = optarg;
			break;
		case 'u':
			opts.simuser = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'v':
			opts.verbose = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "wakeref-scn run: want one scenario file\n");
		usage(stderr);
		return 2;
	}
	if (load_scenario(&s, argv[optind], name)) {
		printf("FAIL: %s: not a valid scenario (errors above)\n", s.file);
		scn_free(&s);
		return 2;
	}
	ret = scn_run(&s, &opts);
	scn_free(&s);
	return ret;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "run"))
		return cmd_run(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2)
		fprintf(stderr, "wakeref-scn: unknown command '%s' (check, run)\n", argv[1]);
	usage(stderr);
	return 2;
}
