/*
 * The content detector: finds the article in a whole page dumped to text,
 * from the text alone, and drops the lines around it that no rule named.
 * It runs after the rules pass, on a whole document's line table.
 */
#ifndef DETECT_H
#define DETECT_H

#include <stddef.h>

struct detector;
struct linetab;

struct detector *detector_new(void);
void detector_free(struct detector *);

/*
 * Set a threshold by name ("good-words", ...; see newsclean-rules(5)).
 * Returns -1 with a message in err for an unknown name or a bad value.
 */
int detector_set(struct detector *, const char *name, const char *value,
    char *err, size_t errsz);

/* Mark the lines of a whole document that are not part of its article. */
void detector_run(struct detector *, struct linetab *);

#endif
