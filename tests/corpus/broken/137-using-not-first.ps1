Write-Host hi
using namespace System.Text
