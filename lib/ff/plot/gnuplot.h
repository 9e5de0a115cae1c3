// Driving gnuplot through gnuplot-iostream: each figure's script is written beside its images and
// loaded by a gnuplot session, so that users can edit and re-run it by hand.
#pragma once

#include <filesystem>
#include <string>

namespace ff {

/// ff::Error naming plot.gnuplot and its value, with an install hint, unless `gnuplot` names an
/// executable file (a path, or a name found on PATH). Starts and writes nothing.
void require_gnuplot(const std::string& gnuplot);

/// Loads `script` in a gnuplot session (the program `gnuplot`, driven through gnuplot-iostream).
/// ff::Error naming the script, with gnuplot's first error line, when gnuplot fails on it; its
/// output is then kept in `script`.log.
void run_gnuplot(const std::string& gnuplot, const std::filesystem::path& script);

/// The first lines of figure `name`'s script: how to re-run it, and a `cd` to the script's own
/// folder so that its data files and images are found wherever gnuplot is started.
std::string gp_preamble(const std::string& name);

/// Quotes `text` as a gnuplot string literal.
std::string gp_quote(const std::string& text);

}  // namespace ff
