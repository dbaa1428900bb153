/* SPDX-License-Identifier: GPL-2.0 */
/*
 * objlinks.h - how the object rows of drivers/hooks.c (WR_ROLE_OBJ) link a
 * get to its put, beyond "the get or put made inside the function is for
 * its object" (objlinks.c says where each comes from).
 */
#ifndef WR_DRIVERS_OBJLINKS_H
#define WR_DRIVERS_OBJLINKS_H

#include <stdbool.h>
#include <stdint.h>

struct wr_obj_link {
	/*
	 * Which of the references an object holds this row's is: two rows
	 * whose functions take references for one object (a GuC CT's G2H
	 * credits and its readers' own) name different links.  0: the only one.
	 */
	uint8_t link;
	/* the function takes its get and makes its put for the object itself */
	bool both;
	/*
	 * its put may be reached by a tail jump (after an indirect call, or
	 * through another function's tail jump): no frame of it on the put's
	 * stack; the task's next put that no other object claims is its
	 */
	bool tail_put;
};

/* The link of object row HOOK (enum wr_hook); NULL for a row with none of the above. */
const struct wr_obj_link *objlinks__of(uint16_t hook);

/* Whether object row HOOK's function takes its get and makes its put itself. */
static inline bool objlinks__both(uint16_t hook)
{
	const struct wr_obj_link *l = objlinks__of(hook);

	return l && l->both;
}

/*
 * The key of OBJ for LINK: the address, with the link in its top 16 bits
 * (a kernel address has all of them set), so that two references of one
 * object never end each other.
 */
static inline uint64_t objlinks__key(uint64_t obj, uint8_t link)
{
	return link ? obj ^ ((uint64_t)link << 48) : obj;
}

#endif
