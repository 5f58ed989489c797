@{
    # The build (src/MilvusDM.PowerShell, target LayoutModule) fills in ModuleVersion from Directory.Build.props.
    RootModule           = 'MilvusDM.PowerShell.dll'
    ModuleVersion        = '{{ModuleVersion}}'
    GUID                 = '6f0c3c1e-8d7b-4f3a-9c55-2b1d7e4a9f10'
    Author               = 'MilvusDM contributors'
    CompanyName          = 'MilvusDM'
    Copyright            = '(c) MilvusDM contributors. Apache-2.0.'
    Description          = 'Moves vector data into, out of and between Milvus vector databases: Faiss index files, HDF5 files, Milvus 1.x data folders and Milvus 2.x servers.'
    CompatiblePSEditions = @('Core')
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('MilvusDM.format.ps1xml')
    # Explicit lists: wildcards slow command discovery.
    CmdletsToExport      = @(
        'Compare-MilvusCollection'
        'Connect-Milvus'
        'Copy-MilvusCollection'
        'Disconnect-Milvus'
        'Dismount-MilvusCollection'
        'Export-MilvusCollection'
        'Get-FaissIndexInfo'
        'Get-Hdf5Info'
        'Get-Milvus1Collection'
        'Get-MilvusAlias'
        'Get-MilvusCollection'
        'Get-MilvusDatabase'
        'Get-MilvusIndex'
        'Get-MilvusPartition'
        'Invoke-MilvusDMTask'
        'Import-FaissIndex'
        'Import-Hdf5'
        'Mount-MilvusCollection'
        'New-MilvusCollection'
        'New-MilvusDatabase'
        'New-MilvusIndex'
        'New-MilvusPartition'
        'New-MilvusVectorBatch'
        'Read-FaissIndex'
        'Read-Hdf5'
        'Read-MilvusCollection'
        'Remove-MilvusAlias'
        'Remove-MilvusCollection'
        'Remove-MilvusDatabase'
        'Remove-MilvusIndex'
        'Remove-MilvusPartition'
        'Set-MilvusAlias'
        'Test-MilvusDMTask'
        'Write-Hdf5'
        'Write-MilvusCollection'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Milvus', 'VectorDatabase', 'Faiss', 'HDF5', 'Migration', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ProjectUri   = 'https://github.com/milvusdm/milvusdm-powershell'
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ReleaseNotes = 'Milvus 2.x client, transfer engine, Write-MilvusCollection.'
        }
    }
}
