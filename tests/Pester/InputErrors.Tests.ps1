# No silent no-ops: a cmdlet that needs a path, a name or input fails clearly when it gets none (issue 13, item 5).
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:server = Start-TestServer
    $script:other = Start-TestServer
    $script:conn = Connect-Milvus -Uri $server.Uri
    $script:dst = Connect-Milvus -Uri $other.Uri -NoDefault
    $script:emptyDir = Join-Path ([System.IO.Path]::GetTempPath()) ([System.IO.Path]::GetRandomFileName())
    New-Item -ItemType Directory $emptyDir | Out-Null
    'not hdf5' | Set-Content (Join-Path $emptyDir 'notes.txt')
}

AfterAll {
    Disconnect-Milvus $dst
    Disconnect-Milvus $conn
    Stop-TestServer $server
    Stop-TestServer $other
    Remove-Item -Recurse -Force $emptyDir
}

Describe 'Missing or empty inputs are errors' -Tag Integration {
    It 'refuses an empty -Path (<Command>)' -ForEach @(
        @{ Command = 'Import-Hdf5'; Script = { Import-Hdf5 -Path '' -CollectionName x } }
        @{ Command = 'Import-Hdf5 $null'; Script = { Import-Hdf5 -Path $null -CollectionName x } }
        @{ Command = 'Read-Hdf5'; Script = { Read-Hdf5 -Path '' } }
        @{ Command = 'Get-Hdf5Info'; Script = { Get-Hdf5Info -Path '' } }
        @{ Command = 'Import-FaissIndex'; Script = { Import-FaissIndex -Path '' -CollectionName x } }
        @{ Command = 'Invoke-MilvusDMTask'; Script = { Invoke-MilvusDMTask -Path '' } }
        @{ Command = 'Test-MilvusDMTask'; Script = { Test-MilvusDMTask -Path '' } }
        @{ Command = 'Export-MilvusCollection'; Script = { Export-MilvusCollection -Name x -Path '' } }
        @{ Command = 'Import-Hdf5 -PartitionName'; Script = { Import-Hdf5 -Path x.h5 -CollectionName x -PartitionName '' } }
    ) {
        $Script | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'refuses a missing -Path in a non-interactive shell (<_>)' -ForEach 'Import-Hdf5 -CollectionName x', 'Read-Hdf5', 'Get-Hdf5Info', 'Get-FaissIndexInfo' {
        $pwsh = Join-Path $PSHOME 'pwsh'
        $module = Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1'
        $out = & $pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; try { $_ } catch { `$_.FullyQualifiedErrorId }" 2>&1
        ($out -join ' ') | Should -Match 'MissingMandatoryParameter'
    }

    It 'reports a wildcard that matches no file' {
        { Get-Hdf5Info -Path (Join-Path $emptyDir 'nothing*.h5') -ErrorAction Stop } | Should -Throw -ErrorId 'Hdf5FileNotFound*'
        { Import-FaissIndex -Path (Join-Path $emptyDir 'nothing*.index') -CollectionName x -ErrorAction Stop } | Should -Throw -ErrorId 'FaissFileNotFound*'
    }

    It 'reports a folder that holds no HDF5 file' {
        { Import-Hdf5 -Directory $emptyDir -CollectionName x -ErrorAction Stop } | Should -Throw -ErrorId 'Hdf5FileNotFound*'
        Get-MilvusCollection x -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'reports a collection wildcard that matches nothing' {
        { Copy-MilvusCollection -Name 'nosuch*' -Destination $dst -ErrorAction Stop } | Should -Throw -ErrorId 'MilvusCollectionNotFound*'
    }

    It 'refuses a copy onto its own source and leaves it whole' {
        New-TestBatches -Count 1 -Rows 300 -Dimension 4 | Write-MilvusCollection -Name selfcopy -IndexType FLAT -MetricType L2 -Load | Out-Null
        $again = Connect-Milvus -Uri $server.Uri -NoDefault
        { Copy-MilvusCollection -Name selfcopy -Destination $again -Mode Overwrite -Force -ErrorAction Stop } | Should -Throw -ErrorId 'CopyOntoItself*'
        { Copy-MilvusCollection -Name selfcopy -Destination $again -ErrorAction Stop } | Should -Throw -ErrorId 'CopyOntoItself*'
        # Refused before any question: no prompt to drop the source is ever shown.
        { Copy-MilvusCollection -Name selfcopy -Destination $again -Mode Overwrite -ErrorAction Stop } | Should -Throw -ErrorId 'CopyOntoItself*'
        (Get-MilvusCollection selfcopy).RowCount | Should -Be 300
        Disconnect-Milvus $again
    }
}
