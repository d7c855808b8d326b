using namespace
