# For a clone: after `dotnet build MilvusDM.sln`, `Import-Module ./MilvusDM.psd1` loads the built module
# (out/MilvusDM/MilvusDM.psd1, made from src/MilvusDM.PowerShell/MilvusDM.psd1.template) under its own name, help and
# format file included. Before a build it fails naming out/MilvusDM/MilvusDM.psd1. The build checks that ModuleVersion
# here equals Version in Directory.Build.props.
@{
    RootModule           = 'out/MilvusDM/MilvusDM.psd1'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0c3c1e-8d7b-4f3a-9c55-2b1d7e4a9f10'
    Author               = 'MilvusDM contributors'
    CompanyName          = 'MilvusDM'
    Copyright            = '(c) MilvusDM contributors. Apache-2.0.'
    Description          = 'Moves vector data into, out of and between Milvus vector databases (the built module in out/MilvusDM).'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    # Whatever the built manifest exports (its explicit list).
    CmdletsToExport      = '*'
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
}
