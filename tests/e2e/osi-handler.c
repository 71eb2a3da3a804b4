/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A test OSI handler: registers with a VM on the given bus and answers each
 * OSI call by returning the guest's registers with r3 = 0 and r5 + 1.
 * Prints "ready" once registered and "call vcpu=N r5=X" per call.
 *
 *   osi-handler BUS-ADDRESS VM-NAME
 */
#include <stdio.h>
#include <string.h>
#include <systemd/sd-bus.h>

#define HANDLER_PATH "/org/ppcvm/test/osi"

static int on_call(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        const char *name, *vm;
        const void *data;
        size_t size;
        uint32_t vcpu;
        uint64_t gprs[32];
        sd_bus_message *reply = NULL;
        int r;

        r = sd_bus_message_read(m, "sou", &name, &vm, &vcpu);
        if (r >= 0)
                r = sd_bus_message_read_array(m, 't', &data, &size);
        if (r < 0 || size != sizeof(gprs))
                return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS, "expected 32 registers");
        memcpy(gprs, data, sizeof(gprs));
        printf("call vcpu=%u r5=%llx\n", vcpu, (unsigned long long)gprs[5]);
        fflush(stdout);
        gprs[3] = 0;
        gprs[5] += 1;
        r = sd_bus_message_new_method_return(m, &reply);
        if (r >= 0)
                r = sd_bus_message_append_array(reply, 't', gprs, sizeof(gprs));
        if (r >= 0)
                r = sd_bus_send(NULL, reply, NULL);
        sd_bus_message_unref(reply);
        return r;
}

static const sd_bus_vtable handler_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_METHOD("Call", "souat", "at", on_call, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
};

int main(int argc, char **argv)
{
        sd_bus *bus = NULL;
        sd_bus_error error = SD_BUS_ERROR_NULL;
        char *path = NULL;
        int r;

        if (argc != 3) {
                fprintf(stderr, "usage: osi-handler BUS-ADDRESS VM-NAME\n");
                return 2;
        }
        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, argv[1]);
        if (r >= 0)
                r = sd_bus_set_bus_client(bus, 1);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r >= 0)
                r = sd_bus_add_object_vtable(bus, NULL, HANDLER_PATH, "org.ppcvm.ppcvmd1.OSIHandler",
                                             handler_vtable, NULL);
        if (r >= 0)
                r = sd_bus_path_encode("/org/ppcvm/ppcvmd1/vm", argv[2], &path);
        if (r >= 0)
                r = sd_bus_call_method(bus, "org.ppcvm.ppcvmd1", path, "org.ppcvm.ppcvmd1.VM",
                                       "RegisterOSIHandler", &error, NULL, "o", HANDLER_PATH);
        if (r < 0) {
                fprintf(stderr, "osi-handler: %s\n", error.message ? error.message : strerror(-r));
                return 1;
        }
        printf("ready\n");
        fflush(stdout);
        for (;;) {
                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        return 1;
                if (r == 0 && sd_bus_wait(bus, UINT64_MAX) < 0)
                        return 1;
        }
}
