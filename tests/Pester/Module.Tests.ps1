BeforeDiscovery {
    $script:mutating = @('Backup-Milvus', 'Copy-MilvusCollection', 'Dismount-MilvusCollection', 'Import-FaissIndex', 'Import-Hdf5', 'Invoke-MilvusDMTask', 'New-MilvusCollection', 'New-MilvusDatabase', 'New-MilvusIndex', 'New-MilvusPartition', 'Remove-MilvusAlias', 'Remove-MilvusCollection', 'Remove-MilvusDatabase', 'Remove-MilvusIndex', 'Remove-MilvusPartition', 'Restore-Milvus', 'Set-MilvusAlias', 'Write-Hdf5', 'Write-MilvusCollection')
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
}

Describe 'MilvusDM module' -Tag Unit {
    It 'exports exactly its cmdlets' {
        (Get-Command -Module MilvusDM).Name | Sort-Object | Should -Be @(
            'Backup-Milvus', 'Compare-MilvusCollection', 'Connect-Milvus', 'Copy-MilvusCollection', 'Disconnect-Milvus', 'Dismount-MilvusCollection', 'Export-MilvusCollection', 'Get-FaissIndexInfo', 'Get-Hdf5Info', 'Get-Milvus1Collection',
            'Get-MilvusAlias', 'Get-MilvusBackup', 'Get-MilvusCollection', 'Get-MilvusDatabase', 'Get-MilvusIndex', 'Get-MilvusPartition', 'Import-FaissIndex', 'Import-Hdf5', 'Invoke-MilvusDMTask', 'Mount-MilvusCollection',
            'New-MilvusCollection', 'New-MilvusDatabase', 'New-MilvusIndex', 'New-MilvusPartition', 'New-MilvusVectorBatch', 'Read-FaissIndex', 'Read-Hdf5', 'Read-MilvusCollection', 'Remove-MilvusAlias',
            'Remove-MilvusCollection', 'Remove-MilvusDatabase', 'Remove-MilvusIndex', 'Remove-MilvusPartition', 'Restore-Milvus', 'Set-MilvusAlias', 'Test-MilvusBackup', 'Test-MilvusDMTask', 'Write-Hdf5', 'Write-MilvusCollection')
    }

    It '<_> declares an output type' -ForEach @('Backup-Milvus', 'Connect-Milvus', 'Dismount-MilvusCollection', 'Get-FaissIndexInfo', 'Get-MilvusAlias', 'Get-MilvusBackup', 'Get-MilvusCollection', 'Get-MilvusDatabase', 'Get-MilvusIndex', 'Get-MilvusPartition', 'Import-FaissIndex', 'Mount-MilvusCollection', 'New-MilvusCollection', 'New-MilvusDatabase', 'New-MilvusIndex', 'New-MilvusPartition', 'New-MilvusVectorBatch', 'Read-FaissIndex', 'Remove-MilvusAlias', 'Remove-MilvusCollection', 'Remove-MilvusDatabase', 'Remove-MilvusIndex', 'Remove-MilvusPartition', 'Restore-Milvus', 'Set-MilvusAlias', 'Test-MilvusBackup', 'Write-MilvusCollection') {
        (Get-Command $_).OutputType | Should -Not -BeNullOrEmpty
    }

    It '<_> supports -WhatIf and -Confirm' -ForEach $mutating {
        (Get-Command $_).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $_).Parameters.Keys | Should -Contain 'Confirm'
    }

    It 'loads its dependencies in the MilvusDM load context' {
        $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'MilvusDM.Core' }
        if ($core) { [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($core).Name | Should -Be 'MilvusDM' }
    }

    It 'renders <_> as plain help text' -ForEach 'about_MilvusDM', 'about_MilvusDM_Formats', 'about_MilvusDM_TaskFile' {
        $text = Get-Help $_ | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match "TOPIC\s+$_"
        $text | Should -Not -Match '```|^#+ |`'
    }

    It 'gives every cmdlet INPUTS, OUTPUTS and related links' {
        foreach ($name in (Get-Command -Module MilvusDM).Name) {
            $help = Get-Help $name -Full
            $help.inputTypes.inputType.type.name | Should -Not -BeNullOrEmpty -Because "$name INPUTS"
            $help.returnValues.returnValue.type.name | Should -Not -BeNullOrEmpty -Because "$name OUTPUTS"
            $help.relatedLinks.navigationLink.linkText | Should -Contain 'about_MilvusDM' -Because "$name RELATED LINKS"
        }
    }
}
