/* SPDX-License-Identifier: GPL-2.0 */
/* run.h - run the scheduler until the user stops it or the kernel ends it. */
#ifndef SCX_TOPO_RUN_H
#define SCX_TOPO_RUN_H

#include "options.h"

/* Returns an enum topo_exit_status. */
int run_scheduler(const struct topo_options *opts);

#endif /* SCX_TOPO_RUN_H */
