#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""python3-libvirt against virtppcvmd: the lifecycle through the API,
lifecycle events, and errors carrying libvirt's codes and domains."""
import os
import threading
import time
import uuid as uuidlib

from lvharness import LibvirtTestCase, domain_xml, main, wait_for

try:
    import libvirt
except ImportError:   # not Debian's python3: nothing to test with
    libvirt = None

_event_loop_started = False


def read_until(stream, text, timeout=30):
    """Reads a blocking stream until text arrived; what was read.  The
    guest prints more only when asked, so never read past the text."""
    got = b""
    deadline = time.monotonic() + timeout
    while text not in got:
        if time.monotonic() > deadline:
            raise AssertionError(f"never read {text!r}; read {got!r}")
        chunk = stream.recv(4096)
        if not chunk:
            raise AssertionError(f"stream ended before {text!r}; read {got!r}")
        got += chunk
    return got


def start_event_loop():
    global _event_loop_started
    if _event_loop_started:
        return
    libvirt.virEventRegisterDefaultImpl()

    def run():
        while True:
            libvirt.virEventRunDefaultImpl()
    threading.Thread(target=run, daemon=True).start()
    _event_loop_started = True


class Python(LibvirtTestCase):
    @classmethod
    def setUpClass(cls):
        if libvirt is None:
            raise __import__("unittest").SkipTest("python3-libvirt is not importable (use /usr/bin/python3)")
        start_event_loop()
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.conn = libvirt.open(self.env.uri)
        # Errors are the test's business, not stderr's.
        libvirt.registerErrorHandler(lambda ctx, err: None, None)

    def tearDown(self):
        for dom in self.conn.listAllDomains():
            try:
                if dom.isActive():
                    dom.destroy()
                if dom.isPersistent():
                    dom.undefine()
            except libvirt.libvirtError:
                pass
        self.conn.close()
        super().tearDown()

    def assertLibvirtError(self, code, domain, fn, *args):
        with self.assertRaises(libvirt.libvirtError) as cm:
            fn(*args)
        self.assertEqual((cm.exception.get_error_code(), cm.exception.get_error_domain()), (code, domain),
                         str(cm.exception))
        return str(cm.exception)

    def test_connection_facts(self):
        self.assertEqual(self.conn.getType(), "ppcvm")
        self.assertGreater(self.conn.getVersion(), 0)
        self.assertEqual(self.conn.getURI(), self.env.uri)
        self.assertEqual(self.conn.isSecure(), 1)
        self.assertIn("<arch name='ppc64'>", self.conn.getCapabilities())

    def test_lifecycle_through_the_api(self):
        dom = self.conn.defineXML(domain_xml("api"))
        self.assertEqual(dom.name(), "api")
        self.assertEqual(dom.ID(), -1)
        self.assertEqual(dom.isPersistent(), 1)
        self.assertEqual(dom.isActive(), 0)
        self.assertEqual(dom.state(), [libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_SHUTOFF_UNKNOWN])

        dom.create()
        self.assertEqual(dom.isActive(), 1)
        state, max_mem, mem, vcpus, _ = dom.info()
        self.assertEqual((state, max_mem, mem, vcpus), (libvirt.VIR_DOMAIN_RUNNING, 65536, 65536, 1))
        running = self.conn.lookupByName("api")
        self.assertGreater(running.ID(), 0)
        self.assertEqual(self.conn.lookupByID(running.ID()).name(), "api")
        self.assertEqual(self.conn.lookupByUUIDString(dom.UUIDString()).name(), "api")

        dom.suspend()
        self.assertEqual(dom.state(), [libvirt.VIR_DOMAIN_PAUSED, libvirt.VIR_DOMAIN_PAUSED_USER])
        dom.resume()
        self.assertEqual(dom.state()[0], libvirt.VIR_DOMAIN_RUNNING)
        dom.destroy()
        self.assertEqual(dom.state(), [libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_SHUTOFF_DESTROYED])
        dom.undefine()
        self.assertEqual(self.conn.listAllDomains(), [])

    def test_listings_all_active_inactive_and_legacy(self):
        self.conn.defineXML(domain_xml("idle"))
        busy = self.conn.defineXML(domain_xml("busy"))
        busy.create()
        busy = self.conn.lookupByName("busy")
        names = lambda flags: sorted(d.name() for d in self.conn.listAllDomains(flags))
        self.assertEqual(names(0), ["busy", "idle"])
        self.assertEqual(names(libvirt.VIR_CONNECT_LIST_DOMAINS_ACTIVE), ["busy"])
        self.assertEqual(names(libvirt.VIR_CONNECT_LIST_DOMAINS_INACTIVE), ["idle"])
        self.assertEqual(self.conn.numOfDomains(), 1)
        self.assertEqual(self.conn.listDomainsID(), [busy.ID()])
        self.assertEqual(self.conn.numOfDefinedDomains(), 1)
        self.assertEqual(self.conn.listDefinedDomains(), ["idle"])

    def test_autostart_get_and_set(self):
        dom = self.conn.defineXML(domain_xml("auto"))
        self.assertEqual(dom.autostart(), 0)
        dom.setAutostart(1)
        self.assertEqual(dom.autostart(), 1)
        self.assertTrue(self.env.info("auto")["Autostart"])

    def test_create_transient_paused(self):
        dom = self.conn.createXML(domain_xml("flash"), libvirt.VIR_DOMAIN_START_PAUSED)
        self.assertEqual(dom.state()[0], libvirt.VIR_DOMAIN_PAUSED)
        self.assertEqual(dom.isPersistent(), 0)
        dom.resume()
        self.assertEqual(dom.state()[0], libvirt.VIR_DOMAIN_RUNNING)
        dom.destroy()
        self.assertLibvirtError(libvirt.VIR_ERR_NO_DOMAIN, libvirt.VIR_FROM_DOMAIN, self.conn.lookupByName, "flash")

    def test_lifecycle_events_for_start_suspend_resume_stop_undefine(self):
        events = []
        cb = self.conn.domainEventRegisterAny(
            None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
            lambda conn, dom, event, detail, opaque: events.append((dom.name(), event, detail)), None)
        dom = self.conn.defineXML(domain_xml("watched"))
        dom.create()
        dom.suspend()
        dom.resume()
        dom.destroy()
        dom.undefine()
        expected = [("watched", libvirt.VIR_DOMAIN_EVENT_DEFINED, libvirt.VIR_DOMAIN_EVENT_DEFINED_ADDED),
                    ("watched", libvirt.VIR_DOMAIN_EVENT_STARTED, libvirt.VIR_DOMAIN_EVENT_STARTED_BOOTED),
                    ("watched", libvirt.VIR_DOMAIN_EVENT_SUSPENDED, libvirt.VIR_DOMAIN_EVENT_SUSPENDED_PAUSED),
                    ("watched", libvirt.VIR_DOMAIN_EVENT_RESUMED, libvirt.VIR_DOMAIN_EVENT_RESUMED_UNPAUSED),
                    ("watched", libvirt.VIR_DOMAIN_EVENT_STOPPED, libvirt.VIR_DOMAIN_EVENT_STOPPED_DESTROYED),
                    ("watched", libvirt.VIR_DOMAIN_EVENT_UNDEFINED, libvirt.VIR_DOMAIN_EVENT_UNDEFINED_REMOVED)]
        wait_for(lambda: len(events) >= len(expected), 20)
        self.conn.domainEventDeregisterAny(cb)
        self.assertEqual(events, expected)

    def test_guest_power_off_is_a_stopped_shutdown_event(self):
        events = []
        dom = self.conn.defineXML(domain_xml("offevt"))
        self.conn.domainEventRegisterAny(
            dom, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
            lambda conn, d, event, detail, opaque: events.append((event, detail)), None)
        dom.create()
        stream = self.conn.newStream(0)
        dom.openConsole(None, stream, 0)
        stream.send(b"q")
        self.assertTrue(wait_for(lambda: (libvirt.VIR_DOMAIN_EVENT_STOPPED,
                                          libvirt.VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN) in events, 30), events)
        stream.abort()

    def test_console_stream_reads_and_writes(self):
        dom = self.conn.defineXML(domain_xml("streamy"))
        dom.create()
        stream = self.conn.newStream(0)
        dom.openConsole(None, stream, 0)
        read_until(stream, b"agent ready")
        stream.send(b"p")
        self.assertIn(b"pong", read_until(stream, b"pong"))
        stream.finish()

    def test_console_abort_leaves_the_connection_usable(self):
        dom = self.conn.defineXML(domain_xml("aborted"))
        dom.create()
        stream = self.conn.newStream(0)
        dom.openConsole(None, stream, 0)
        read_until(stream, b"agent ready")
        stream.abort()
        self.assertEqual(dom.state()[0], libvirt.VIR_DOMAIN_RUNNING)
        again = self.conn.newStream(0)
        dom.openConsole(None, again, 0)
        again.send(b"p")
        self.assertIn(b"pong", read_until(again, b"pong"))
        again.finish()

    def test_shutdown_asks_the_guest_which_powers_off(self):
        events = []
        dom = self.conn.defineXML(domain_xml("polite"))
        self.conn.domainEventRegisterAny(
            dom, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE,
            lambda conn, d, event, detail, opaque: events.append((event, detail)), None)
        dom.create()
        stream = self.conn.newStream(0)
        dom.openConsole(None, stream, 0)
        read_until(stream, b"agent ready")
        dom.shutdown()
        self.assertTrue(wait_for(lambda: dom.state()[0] == libvirt.VIR_DOMAIN_SHUTOFF, 30))
        self.assertEqual(dom.state(), [libvirt.VIR_DOMAIN_SHUTOFF, libvirt.VIR_DOMAIN_SHUTOFF_SHUTDOWN])
        self.assertTrue(wait_for(lambda: (libvirt.VIR_DOMAIN_EVENT_STOPPED,
                                          libvirt.VIR_DOMAIN_EVENT_STOPPED_SHUTDOWN) in events), events)
        stream.abort()

    def restarts_the_guest(self, name, how):
        dom = self.conn.defineXML(domain_xml(name))
        dom.create()
        stream = self.conn.newStream(0)
        dom.openConsole(None, stream, 0)
        read_until(stream, b"agent ready")
        how(dom)
        self.assertIn(b"agent ready", read_until(stream, b"agent ready"))
        self.assertEqual(dom.state()[0], libvirt.VIR_DOMAIN_RUNNING)
        stream.abort()

    def test_reset_restarts_the_guest(self):
        self.restarts_the_guest("resettable", lambda dom: dom.reset())

    def test_reboot_restarts_the_guest(self):
        self.restarts_the_guest("rebootable", lambda dom: dom.reboot())

    def test_start_paused_flag(self):
        dom = self.conn.defineXML(domain_xml("sleepy"))
        dom.createWithFlags(libvirt.VIR_DOMAIN_START_PAUSED)
        self.assertEqual(dom.state(), [libvirt.VIR_DOMAIN_PAUSED, libvirt.VIR_DOMAIN_PAUSED_USER])

    def test_xml_roundtrip_keeps_every_setting(self):
        xml = domain_xml("full", memory="1", unit="GiB").replace(
            "<cmdline>console=hvc0</cmdline>",
            f"<initrd>{os.environ.get('HELLO_ELF') or '/boot/initrd'}</initrd><cmdline>a=1 &amp; b</cmdline>")
        xml = xml.replace("<on_poweroff>destroy</on_poweroff>",
                          "<on_poweroff>preserve</on_poweroff><on_reboot>destroy</on_reboot>"
                          "<on_crash>restart</on_crash>")
        xml = xml.replace("</ppcvm:settings>", "<ppcvm:rtc_offset>-3600</ppcvm:rtc_offset>"
                          "<ppcvm:console_ring_kib>128</ppcvm:console_ring_kib>"
                          "<ppcvm:testdev>yes</ppcvm:testdev></ppcvm:settings>")
        dom = self.conn.defineXML(xml)
        d = __import__("json").loads(self.env.info("full")["Definition"])
        self.assertEqual((d["memory_mib"], d["cmdline"], d["on_poweroff"], d["on_reboot"], d["on_crash"],
                          d["rtc_offset"], d["console_ring_kib"], d["testdev"], d["backend"]),
                         (1024, "a=1 & b", "preserve", "destroy", "restart", -3600, 128, True, "emu"))
        dumped = dom.XMLDesc(0)
        self.assertIn("<memory unit='KiB'>1048576</memory>", dumped)
        self.assertIn("<cmdline>a=1 &amp; b</cmdline>", dumped)
        again = self.conn.defineXML(dumped)
        self.assertEqual(again.UUIDString(), dom.UUIDString())
        self.assertEqual(again.XMLDesc(0), dumped)
        self.assertEqual(__import__("json").loads(self.env.info("full")["Definition"]), d)

    def test_redefining_by_name_keeps_uuid_and_autostart(self):
        dom = self.conn.defineXML(domain_xml("keeper"))
        dom.setAutostart(1)
        again = self.conn.defineXML(domain_xml("keeper").replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu>"))
        self.assertEqual(again.UUIDString(), dom.UUIDString())
        self.assertEqual(again.autostart(), 1)
        self.assertEqual(again.info()[3], 2)

    def test_close_callback_registers(self):
        c = libvirt.open(self.env.uri)
        c.registerCloseCallback(lambda conn, reason, opaque: None, None)
        c.unregisterCloseCallback()
        self.assertEqual(c.close(), 0)

    def test_unknown_domain_is_no_domain_from_domain(self):
        msg = self.assertLibvirtError(libvirt.VIR_ERR_NO_DOMAIN, libvirt.VIR_FROM_DOMAIN,
                                      self.conn.lookupByName, "nosuch")
        self.assertIn("no domain with matching name 'nosuch'", msg)
        self.assertLibvirtError(libvirt.VIR_ERR_NO_DOMAIN, libvirt.VIR_FROM_DOMAIN,
                                self.conn.lookupByUUIDString, str(uuidlib.uuid4()))
        self.assertLibvirtError(libvirt.VIR_ERR_NO_DOMAIN, libvirt.VIR_FROM_DOMAIN, self.conn.lookupByID, 9999)

    def test_operation_on_a_vanished_domain_is_no_domain(self):
        dom = self.conn.defineXML(domain_xml("ghost"))
        dom.undefine()
        self.assertLibvirtError(libvirt.VIR_ERR_NO_DOMAIN, libvirt.VIR_FROM_DOMAIN, dom.create)

    def test_malformed_xml_is_xml_error(self):
        self.assertLibvirtError(libvirt.VIR_ERR_XML_ERROR, libvirt.VIR_FROM_DOMAIN,
                                self.conn.defineXML, "<domain type='ppcvm'><name>x</name>")

    def test_unsupported_xml_is_config_unsupported_naming_the_element(self):
        cases = {
            "<disk>": domain_xml("u1", extra_devices="<disk type='file'/>"),
            "<domain type='kvm'>": domain_xml("u2").replace("type='ppcvm'", "type='kvm'"),
            "<type arch='x86_64'>": domain_xml("u3").replace("arch='ppc64'", "arch='x86_64'"),
            "<features>": domain_xml("u4", extra="<features><acpi/></features>"),
            "<console type='tcp'>": domain_xml("u5").replace("<console type='pty'/>", "<console type='tcp'/>"),
            "memory": domain_xml("u6", memory="1000", unit="KiB"),
            "<ppcvm:frobnicate>": domain_xml("u7", extra="<ppcvm:frobnicate/>"),
            "<ppcvm:settings/bogus>": domain_xml("u8").replace("</ppcvm:settings>",
                                                                "<ppcvm:bogus/></ppcvm:settings>"),
            "<os/boot>": domain_xml("u9").replace("</os>", "<boot dev='hd'/></os>"),
            "<on_crash>coredump-destroy</on_crash>": domain_xml("u10", extra="<on_crash>coredump-destroy</on_crash>"),
        }
        for element, xml in cases.items():
            with self.subTest(element=element):
                msg = self.assertLibvirtError(libvirt.VIR_ERR_CONFIG_UNSUPPORTED, libvirt.VIR_FROM_DOMAIN,
                                              self.conn.defineXML, xml)
                self.assertIn(element, msg)
        self.assertEqual(self.conn.listAllDomains(), [])

    def test_wrong_state_is_operation_invalid(self):
        dom = self.conn.defineXML(domain_xml("asleep"))
        self.assertLibvirtError(libvirt.VIR_ERR_OPERATION_INVALID, libvirt.VIR_FROM_DOMAIN, dom.suspend)

    def test_write_on_the_read_only_socket_is_denied(self):
        ro = libvirt.open(self.env.uri_ro_socket)   # read-write as far as the client knows
        try:
            self.assertEqual(len(ro.listAllDomains()), 0)
            msg = self.assertLibvirtError(libvirt.VIR_ERR_OPERATION_DENIED, libvirt.VIR_FROM_DOMAIN,
                                          ro.defineXML, domain_xml("sneaky"))
            self.assertIn("read only access prevents virDomainDefineXML", msg)
        finally:
            ro.close()
        self.assertEqual(self.conn.listAllDomains(), [])

    def test_one_connection_from_several_threads(self):
        dom = self.conn.defineXML(domain_xml("shared"))
        errors = []

        def worker():
            try:
                for _ in range(25):
                    if dom.state()[0] != libvirt.VIR_DOMAIN_SHUTOFF or self.conn.getType() != "ppcvm":
                        errors.append("wrong answer")
            except libvirt.libvirtError as e:
                errors.append(str(e))
        threads = [threading.Thread(target=worker) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])

    def test_several_clients_at_once(self):
        conns = [libvirt.open(self.env.uri) for _ in range(4)]
        try:
            for i, c in enumerate(conns):
                c.defineXML(domain_xml(f"multi{i}"))
            errors = []

            def worker(c):
                try:
                    for _ in range(20):
                        if len(c.listAllDomains()) != 4:
                            errors.append("wrong count")
                except libvirt.libvirtError as e:
                    errors.append(str(e))
            threads = [threading.Thread(target=worker, args=(c,)) for c in conns]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            self.assertEqual(errors, [])
        finally:
            for c in conns:
                c.close()


class PpcvmdAway(LibvirtTestCase):
    """ppcvmd stopping is an error for the calls made meanwhile, not the end
    of virtppcvmd or of its clients' connections."""

    @classmethod
    def setUpClass(cls):
        if libvirt is None:
            raise __import__("unittest").SkipTest("python3-libvirt is not importable (use /usr/bin/python3)")
        super().setUpClass()

    def test_calls_fail_while_ppcvmd_is_away_and_work_when_it_is_back(self):
        libvirt.registerErrorHandler(lambda ctx, err: None, None)
        conn = libvirt.open(self.env.uri)
        try:
            conn.defineXML(domain_xml("survivor"))
            self.env.stop_daemon()
            with self.assertRaises(libvirt.libvirtError) as cm:
                conn.listAllDomains()
            self.assertEqual(cm.exception.get_error_code(), libvirt.VIR_ERR_INTERNAL_ERROR)
            self.assertIn("ppcvmd is not reachable", str(cm.exception))
            self.env.start_daemon()
            self.assertEqual([d.name() for d in conn.listAllDomains()], ["survivor"])
            conn.lookupByName("survivor").undefine()
        finally:
            conn.close()


if __name__ == "__main__":
    main()
