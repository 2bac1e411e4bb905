#pragma once
#include <string>
#include <vector>

namespace brink::cli {
int runCommand(const std::vector<std::string>& args);
int validateCommand(const std::vector<std::string>& args);
int renderCommand(const std::vector<std::string>& args);
int batchCommand(const std::vector<std::string>& args);
int playCommand(const std::vector<std::string>& args);
int reportCommand(const std::vector<std::string>& args);
int briefCommand(const std::vector<std::string>& args);
int serveCommand(const std::vector<std::string>& args);
}  // namespace brink::cli
