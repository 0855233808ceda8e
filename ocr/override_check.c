#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include "override_check.h"

int check_symbol(const char *lib, const char *name, void **theirs, void **bound) {
	void *h = dlopen(lib, RTLD_LAZY | RTLD_NOLOAD);
	if (h == NULL) return -1;
	*theirs = dlsym(h, name);
	*bound = dlsym(RTLD_DEFAULT, name);
	dlclose(h); // the process links lib, so it stays loaded
	if (*theirs == NULL || *bound == NULL) return -1;
	return *theirs == *bound ? -3 : 0;
}
