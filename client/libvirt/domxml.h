/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once
/*
 * Domain XML <-> ppcvmd's VM definition (proto/vm-definition.schema.json).
 *
 * What ppcvmd cannot honour is refused, naming the element: a definition
 * is never silently narrowed.  ppcvmd-only settings live in the element
 * <ppcvm:settings xmlns:ppcvm='DOMXML_NS'>.  The XML made from a VM defines
 * that same VM again.
 */
#include "ppcvm-bus.h"

#define DOMXML_NS "http://ppcvm.org/schemas/libvirt/domain/1.0"

/* The JSON definition for the XML, or NULL with the call's error set
 * (VIR_ERR_XML_ERROR for malformed XML, VIR_ERR_CONFIG_UNSUPPORTED for what
 * ppcvmd cannot do).  *ret_name is the domain's name. */
char *domxml_to_definition(Call *call, const char *xml, char **ret_name);

/* The domain XML of a VM (from its Definition), or NULL when that does not
 * parse.  inactive: the definition alone, without the running id. */
char *domxml_from_vm(const VmInfo *vm, bool inactive);
