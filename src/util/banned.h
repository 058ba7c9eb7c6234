/*
 * banned.h - libc calls we never use, turned into compile errors whose
 * names say what to use instead.  Include it last in every .c file.
 */
#ifndef OCOP_BANNED_H
#define OCOP_BANNED_H

#undef strcpy
#define strcpy(...) sorry_strcpy_is_banned_use_memcpy_or_sbuf
#undef strcat
#define strcat(...) sorry_strcat_is_banned_use_sbuf
#undef strncpy
#define strncpy(...) sorry_strncpy_is_banned_use_memcpy
#undef sprintf
#define sprintf(...) sorry_sprintf_is_banned_use_snprintf_or_sbuf_putf
#undef vsprintf
#define vsprintf(...) sorry_vsprintf_is_banned_use_vsnprintf
#undef strtok
#define strtok(...) sorry_strtok_is_banned
#undef atoi
#define atoi(...) sorry_atoi_is_banned_use_strtol
#undef gmtime
#define gmtime(...) sorry_gmtime_is_banned_use_gmtime_r
#undef localtime
#define localtime(...) sorry_localtime_is_banned_use_gmtime_r

#endif
