#pragma once
/// exp and log from +, -, *, / and exact scaling only, so they give the same bits on every
/// IEEE-754 machine and C library (libm's may differ in the last place between versions,
/// and one ulp is enough to change a byte of output). Accurate to a few ulp.
namespace brink {

double detExp(double x);
double detLog(double x);  ///< x > 0

}  // namespace brink
