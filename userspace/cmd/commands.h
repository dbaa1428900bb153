/* SPDX-License-Identifier: GPL-2.0 */
/* commands.h - the subcommands of wakeref, one file each. */
#ifndef WR_COMMANDS_H
#define WR_COMMANDS_H

int cmd_trace(int argc, char **argv);
int cmd_doctor(int argc, char **argv);
int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_ci(int argc, char **argv);
int cmd_hang(int argc, char **argv);
int cmd_daemon(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_metrics(int argc, char **argv);
int cmd_top(int argc, char **argv);
int cmd_userfault(int argc, char **argv);
int cmd_svm(int argc, char **argv);
int cmd_explain(int argc, char **argv);
/* `wakeref doctor --callgraph` (cmd_callgraph.c) */
int cmd_doctor_callgraph(int argc, char **argv);

#endif
