/* concentratord: the concentrator daemon (docs/concentratord.md).
 *
 *   concentratord -c FILE [--set SECTION.KEY=VALUE ...] [--check]
 *   concentratord --status [-c FILE | --control PATH]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"

static void usage(FILE *f)
{
    fprintf(f, "usage: concentratord -c FILE [--set SECTION.KEY=VALUE ...] [--check]\n"
               "       concentratord --status [-c FILE | --control PATH]\n");
}

int main(int argc, char **argv)
{
    const char *file = NULL, *control = NULL;
    const char *sets[64];
    size_t nsets = 0;
    int status = 0, check = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) && i + 1 < argc) {
            file = argv[++i];
        } else if (strcmp(a, "--set") == 0 && i + 1 < argc) {
            if (nsets == sizeof sets / sizeof sets[0]) {
                fprintf(stderr, "concentratord: too many --set\n");
                return CD_EXIT_CONFIG;
            }
            sets[nsets++] = argv[++i];
        } else if (strcmp(a, "--control") == 0 && i + 1 < argc) {
            control = argv[++i];
        } else if (strcmp(a, "--status") == 0) {
            status = 1;
        } else if (strcmp(a, "--check") == 0) {
            check = 1;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return CD_EXIT_OK;
        } else {
            fprintf(stderr, "concentratord: unknown or incomplete option %s\n", a);
            usage(stderr);
            return CD_EXIT_CONFIG;
        }
    }
    if (!file && !(status && control)) {
        usage(stderr);
        return CD_EXIT_CONFIG;
    }
    static cd_daemon d; /* large (link cores, answer buffers): static storage */
    cd_config_default(&d.cfg);
    char err[600];
    if (file && cd_config_load(&d.cfg, file, err, sizeof err) != 0) {
        fprintf(stderr, "concentratord: config %s\n", err);
        return CD_EXIT_CONFIG;
    }
    for (size_t i = 0; i < nsets; i++)
        if (cd_config_set(&d.cfg, sets[i], err, sizeof err) != 0) {
            fprintf(stderr, "concentratord: %s\n", err);
            return CD_EXIT_CONFIG;
        }
    if (cd_config_check(&d.cfg, err, sizeof err) != 0) {
        fprintf(stderr, "concentratord: config: %s\n", err);
        return CD_EXIT_CONFIG;
    }
    if (status)
        return cd_status_client(control ? control : d.cfg.control);
    if (check) {
        printf("concentratord: config ok\n");
        return CD_EXIT_OK;
    }
    d.argv = argv;
    return cd_run(&d);
}
