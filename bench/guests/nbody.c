/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Floating point: the five-body planetary simulation (double precision,
 * square roots and divisions), its energy before and after in the checksum.
 */
#include "wl.h"

const char wl_name[] = "nbody";
const unsigned wl_default_scale = 8;

#define STEPS_PER_SCALE 20000
#define NB 5
#define PI 3.141592653589793
#define SOLAR_MASS (4 * PI * PI)
#define DAYS_PER_YEAR 365.24

struct body { double x, y, z, vx, vy, vz, m; };

static const struct body initial[NB] = {
        { 0, 0, 0, 0, 0, 0, SOLAR_MASS },
        { 4.84143144246472090e+00, -1.16032004402742839e+00, -1.03622044471123109e-01,
          1.66007664274403694e-03 * DAYS_PER_YEAR, 7.69901118419740425e-03 * DAYS_PER_YEAR,
          -6.90460016972063023e-05 * DAYS_PER_YEAR, 9.54791938424326609e-04 * SOLAR_MASS },
        { 8.34336671824457987e+00, 4.12479856412430479e+00, -4.03523417114321381e-01,
          -2.76742510726862411e-03 * DAYS_PER_YEAR, 4.99852801234917238e-03 * DAYS_PER_YEAR,
          2.30417297573763929e-05 * DAYS_PER_YEAR, 2.85885980666130812e-04 * SOLAR_MASS },
        { 1.28943695621391310e+01, -1.51111514016986312e+01, -2.23307578892655734e-01,
          2.96460137564761618e-03 * DAYS_PER_YEAR, 2.37847173959480950e-03 * DAYS_PER_YEAR,
          -2.96589568540237556e-05 * DAYS_PER_YEAR, 4.36624404335156298e-05 * SOLAR_MASS },
        { 1.53796971148509165e+01, -2.59193146099879641e+01, 1.79258772950371181e-01,
          2.68067772490389322e-03 * DAYS_PER_YEAR, 1.62824170038242295e-03 * DAYS_PER_YEAR,
          -9.51592254519715870e-05 * DAYS_PER_YEAR, 5.15138902046611451e-05 * SOLAR_MASS },
};

static struct body b[NB];

static double energy(void)
{
        double e = 0;

        for (int i = 0; i < NB; i++) {
                e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
                for (int j = i + 1; j < NB; j++) {
                        double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;

                        e -= b[i].m * b[j].m / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
                }
        }
        return e;
}

static void advance(double dt)
{
        for (int i = 0; i < NB; i++)
                for (int j = i + 1; j < NB; j++) {
                        double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
                        double d2 = dx * dx + dy * dy + dz * dz;
                        double mag = dt / (d2 * __builtin_sqrt(d2));

                        b[i].vx -= dx * b[j].m * mag;
                        b[i].vy -= dy * b[j].m * mag;
                        b[i].vz -= dz * b[j].m * mag;
                        b[j].vx += dx * b[i].m * mag;
                        b[j].vy += dy * b[i].m * mag;
                        b[j].vz += dz * b[i].m * mag;
                }
        for (int i = 0; i < NB; i++) {
                b[i].x += dt * b[i].vx;
                b[i].y += dt * b[i].vy;
                b[i].z += dt * b[i].vz;
        }
}

uint64_t wl_run(unsigned scale)
{
        double px = 0, py = 0, pz = 0;
        uint64_t h;

        for (int i = 0; i < NB; i++)
                b[i] = initial[i];
        for (int i = 0; i < NB; i++) {
                px += b[i].vx * b[i].m;
                py += b[i].vy * b[i].m;
                pz += b[i].vz * b[i].m;
        }
        b[0].vx = -px / SOLAR_MASS;
        b[0].vy = -py / SOLAR_MASS;
        b[0].vz = -pz / SOLAR_MASS;
        h = wl_double_bits(energy());
        for (unsigned r = 0; r < scale; r++) {
                for (int s = 0; s < STEPS_PER_SCALE; s++)
                        advance(0.01);
                h = wl_mix(h, wl_double_bits(energy()));
        }
        return h;
}
