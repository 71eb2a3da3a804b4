#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""virtppcvmd on the wire: frames stock clients send (checked byte for
byte where the protocol doc captured them) and frames they never send,
which must close that one connection and nothing else."""
import struct

from lvharness import (KEEPALIVE_PROGRAM, REMOTE_PROGRAM, LibvirtTestCase, Wire, decode_error, domain_xml, main,
                       xdr_opt_string, xdr_string)

AUTH_LIST, CONNECT_OPEN, GET_TYPE, HOSTNAME, DEFINE_XML = 66, 1, 3, 59, 11
LOOKUP_BY_NAME, SUPPORTS_FEATURE = 23, 60


class WireTest(LibvirtTestCase):
    def connect(self, path=None):
        w = Wire(path or self.env.lv_socket)
        self.addCleanup(w.close)
        return w

    def opened(self, flags=0, path=None):
        w = self.connect(path)
        reply = w.handshake(flags=flags)
        self.assertEqual(reply[5], 0, decode_error(reply[6]) if reply[5] else "")
        return w

    def assert_alive(self, w):
        serial = w.call(GET_TYPE)
        prog, vers, proc, mtype, rserial, status, payload = w.recv()
        self.assertEqual((proc, mtype, rserial, status, payload), (GET_TYPE, 1, serial, 0, xdr_string("ppcvm")))

    def test_auth_list_reply_is_the_captured_frame(self):
        w = self.connect()
        w.send_raw(bytes.fromhex("0000001c200080860000000100000042000000000000000000000000"))
        self.assertEqual(w.recv_exact(36).hex(),
                         "00000024200080860000000100000042000000010000000000000000" "0000000100000000")

    def test_connect_open_reply_is_the_captured_frame(self):
        w = self.connect()
        w.send_raw(bytes.fromhex("0000003820008086000000010000000100000000000000020000000000000001"
                                 "0000000f707063766d3a2f2f2f73797374656d0000000000"))
        self.assertEqual(w.recv_exact(28).hex(), "0000001c200080860000000100000001000000010000000200000000")

    def test_supports_keepalive_event_and_close_callbacks(self):
        w = self.connect()
        for feature, expected in ((10, 1), (14, 1), (15, 1), (9, 0)):
            serial = w.call(SUPPORTS_FEATURE, struct.pack(">i", feature))
            reply = w.recv()
            self.assertEqual((reply[4], reply[5], reply[6]), (serial, 0, struct.pack(">i", expected)))

    def test_other_uri_is_no_connect(self):
        w = self.connect()
        reply = w.handshake(uri="qemu:///system")
        self.assertEqual(reply[5], 1)
        code, domain, message = decode_error(reply[6])
        self.assertEqual((code, domain), (5, 0))
        self.assertIn("qemu:///system", message)

    def test_calls_before_open_are_refused(self):
        w = self.connect()
        w.call(GET_TYPE)
        reply = w.recv()
        self.assertEqual(reply[5], 1)
        self.assertEqual(decode_error(reply[6])[:2], (39, 7))

    def test_unknown_procedure_is_libvirtds_error_and_the_connection_lives_on(self):
        w = self.opened()
        serial = w.call(52)   # CONNECT_NUM_OF_NETWORKS: no network driver here
        prog, vers, proc, mtype, rserial, status, payload = w.recv()
        self.assertEqual((prog, proc, mtype, rserial, status), (REMOTE_PROGRAM, 52, 1, serial, 1))
        self.assertEqual(decode_error(payload), (39, 7, "unknown procedure: 52"))
        self.assert_alive(w)

    def test_call_with_fds_is_an_error_and_the_connection_lives_on(self):
        w = self.opened()
        w.send_raw(Wire.frame(REMOTE_PROGRAM, 1, 1000, 4, 7, 0, struct.pack(">i", 0)))
        prog, vers, proc, mtype, serial, status, payload = w.recv()
        self.assertEqual((proc, mtype, serial, status), (1000, 1, 7, 1))
        self.assertEqual(decode_error(payload), (39, 7, "unknown procedure: 1000"))
        self.assert_alive(w)

    def test_keepalive_ping_gets_pong(self):
        w = self.opened()
        w.send_raw(Wire.frame(KEEPALIVE_PROGRAM, 1, 1, 2, 0, 0))
        self.assertEqual(w.recv(), (KEEPALIVE_PROGRAM, 1, 2, 2, 0, 0, b""))

    def test_pipelined_calls_get_replies_by_serial(self):
        w = self.opened()
        w.serial = 100
        frames = b""
        for proc in (GET_TYPE, HOSTNAME, GET_TYPE):
            serial = w.call(proc, send=False)
            frames += Wire.frame(REMOTE_PROGRAM, 1, proc, 0, serial, 0)
        w.send_raw(frames)   # all three in one write
        replies = {r[4]: r for r in (w.recv() for _ in range(3))}
        self.assertEqual(sorted(replies), [100, 101, 102])
        self.assertEqual(replies[100][6], xdr_string("ppcvm"))
        self.assertEqual(replies[101][2], HOSTNAME)

    def test_truncated_arguments_are_an_rpc_error(self):
        w = self.opened()
        w.call(LOOKUP_BY_NAME, struct.pack(">I", 40) + b"abc")   # says 40 bytes, has 3
        reply = w.recv()
        self.assertEqual(reply[5], 1)
        self.assertEqual(decode_error(reply[6])[:2], (39, 7))
        self.assert_alive(w)

    def test_read_only_open_flag_is_enforced_by_the_server(self):
        w = self.opened(flags=1)
        w.call(DEFINE_XML, xdr_string(domain_xml("nope")))
        reply = w.recv()
        self.assertEqual(reply[5], 1)
        code, domain, message = decode_error(reply[6])
        self.assertEqual((code, domain), (29, 20))
        self.assertIn("virDomainDefineXML", message)

    def test_read_only_socket_refuses_writes_whatever_the_open_flags(self):
        w = self.opened(flags=0, path=self.env.lv_socket_ro)
        w.call(DEFINE_XML, xdr_string(domain_xml("nope")))
        reply = w.recv()
        self.assertEqual(decode_error(reply[6])[:2], (29, 20))
        self.assert_alive(w)

    def check_closes_only_that_connection(self, data, shutdown_write=False):
        bystander = self.opened()
        w = self.connect()
        w.send_raw(data)
        if shutdown_write:
            w.sock.shutdown(1)
        self.assertTrue(w.closed_by_peer(), "the server kept a connection that sent garbage")
        self.assert_alive(bystander)
        self.assert_alive(self.opened())

    def test_length_below_the_header_closes_the_connection(self):
        self.check_closes_only_that_connection(struct.pack(">I", 8) + b"\0" * 8)

    def test_huge_length_closes_the_connection_without_allocating(self):
        self.check_closes_only_that_connection(struct.pack(">I", 0xFFFFFFF0))

    def test_length_just_over_libvirts_limit_closes_the_connection(self):
        self.check_closes_only_that_connection(struct.pack(">I", 33554432 + 4 + 1))

    def test_truncated_frame_closes_the_connection(self):
        frame = Wire.frame(REMOTE_PROGRAM, 1, CONNECT_OPEN, 0, 0, 0, xdr_opt_string("ppcvm:///system") + b"\0" * 4)
        self.check_closes_only_that_connection(frame[:-10], shutdown_write=True)

    def test_unknown_program_closes_the_connection(self):
        self.check_closes_only_that_connection(Wire.frame(0x20008087, 1, GET_TYPE, 0, 0, 0))

    def test_unknown_version_closes_the_connection(self):
        self.check_closes_only_that_connection(Wire.frame(REMOTE_PROGRAM, 2, GET_TYPE, 0, 0, 0))

    def test_reply_type_from_a_client_closes_the_connection(self):
        self.check_closes_only_that_connection(Wire.frame(REMOTE_PROGRAM, 1, GET_TYPE, 1, 0, 0))


if __name__ == "__main__":
    main()
