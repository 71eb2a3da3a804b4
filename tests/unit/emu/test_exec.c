/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "harness.h"
#include "test.h"
