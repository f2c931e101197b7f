#pragma once
// PPC64SIM_VERSION comes from project(VERSION) through a compile definition.
#ifndef PPC64SIM_VERSION
#define PPC64SIM_VERSION "unknown"
#endif
