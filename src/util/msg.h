/*
 * msg.h - the Vietnamese text of every diagnostic message, and of the
 * other lines the commands print (diag_say in diag.h).  Messages are
 * written in English at the call site (checked by the compiler as printf
 * formats); msg_vi() gives the Vietnamese format for the same arguments,
 * in the same order and with the same conversions (tests/unit/test_msg.c
 * checks every pair), or NULL when there is none yet.
 */
#ifndef OCOP_MSG_H
#define OCOP_MSG_H

#include <stddef.h>

struct msg_pair {
	const char *en, *vi;
};

extern const struct msg_pair msg_table[];
extern const size_t msg_count;

/* Borrowed (static): the Vietnamese format for en, or NULL. */
const char *msg_vi(const char *en);

#endif
