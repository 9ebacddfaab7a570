/*
 * Writes src/default_model.c: the model of rules/content.model as C
 * arrays, so that the program carries it and reads nothing at start.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct model *m;
	char *text, msg[300];
	size_t len;

	if (argc != 2)
		errx(2, "usage: gen_model file");
	if (read_file(argv[1], &text, &len, msg, sizeof(msg)) < 0)
		errx(2, "%s", msg);
	if ((m = model_parse(text, len, msg, sizeof(msg))) == NULL)
		errx(2, "%s: %s", argv[1], msg);
	if (model_write_c(m, stdout) < 0)
		err(2, "stdout");
	model_free(m);
	free(text);
	return 0;
}
