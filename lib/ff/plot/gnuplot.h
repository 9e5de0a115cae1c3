// Running gnuplot as a child process on a written script (the script stays beside the figure,
// so users can tweak and re-run it).
#pragma once

#include <filesystem>
#include <string>

namespace ff {

/// ff::Error with an install hint unless `gnuplot` runs (`gnuplot --version`).
void require_gnuplot(const std::string& gnuplot);

/// Runs `gnuplot script`; ff::Error with gnuplot's first error line on failure.
void run_gnuplot(const std::string& gnuplot, const std::filesystem::path& script);

/// Quotes `text` as a gnuplot string literal.
std::string gp_quote(const std::string& text);

}  // namespace ff
