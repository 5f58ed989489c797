BeforeAll {
    $script:module = Join-Path $PSScriptRoot '../../out/MilvusDM/MilvusDM.psd1'
    Import-Module $module -Force
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:a = Start-TestServer
    $script:b = Start-TestServer
    $script:src = Connect-Milvus -Uri $a.Uri
    $script:dst = Connect-Milvus -Uri $b.Uri -NoDefault

    # A collection with rows on both servers; the second server's has an extra partition only it holds.
    function New-Filled([string] $Name, $Connection) {
        New-TestBatches -Count 1 -Rows 10 -Dimension 4 | Write-MilvusCollection -Name $Name -Connection $Connection | Out-Null
    }

    # The completion texts TabExpansion2 offers at the end of a line.
    function Get-Completion([string] $Line) {
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText
    }

    # Runs a line in a child pwsh connected to the first server: what -WhatIf prints goes to the host, not to a stream.
    function Invoke-Child([string] $Line) {
        pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; Connect-Milvus -Uri '$($a.Uri)' | Out-Null; $Line" 2>&1 | Out-String
    }
}

AfterAll {
    Disconnect-Milvus $dst
    Disconnect-Milvus $src
    Stop-TestServer $a
    Stop-TestServer $b
}

Describe 'Remove-MilvusCollection' -Tag Integration {
    It 'drops with -Force and with -Confirm:$false, and -WhatIf changes nothing' {
        New-Filled rm_one $src; New-Filled rm_two $src
        Remove-MilvusCollection rm_one -WhatIf
        (Get-MilvusCollection rm_one).Name | Should -Be 'rm_one'
        Remove-MilvusCollection rm_one -Force
        Remove-MilvusCollection rm_two -Confirm:$false
        Get-MilvusCollection rm_* | Should -BeNullOrEmpty
    }

    It 'names the row count in what it asks' {
        New-Filled rm_rows $src
        Invoke-Child 'Remove-MilvusCollection rm_rows -WhatIf' | Should -Match 'Remove collection and its 10 rows'
        (Get-MilvusCollection rm_rows).RowCount | Should -Be 10
    }

    It 'reports a missing collection as MilvusCollectionNotFound' {
        Remove-MilvusCollection no_such -Force -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'MilvusCollectionNotFound*'
    }

    It 'drops a piped collection on the server it came from' {
        New-Filled rm_piped $src; New-Filled rm_piped $dst
        Get-MilvusCollection rm_piped -Connection $dst | Remove-MilvusCollection -Force
        Get-MilvusCollection -Connection $dst | Where-Object Name -EQ rm_piped | Should -BeNullOrEmpty
        (Get-MilvusCollection rm_piped).Name | Should -Be 'rm_piped'
    }
}

Describe 'Partitions' -Tag Integration {
    BeforeAll {
        New-Filled parts $src
        New-Filled parts $dst
        New-MilvusPartition -CollectionName parts -Name only_b -Connection $dst | Out-Null
    }

    It 'creates, lists with wildcards and removes partitions' {
        $p = New-MilvusPartition -CollectionName parts -Name p2025
        $p.Name | Should -Be 'p2025'
        $p.Database | Should -Be 'default'
        $p.Connection | Should -Be $src
        (Get-MilvusPartition -CollectionName parts).Name | Should -Be '_default', 'p2025'
        (Get-MilvusPartition parts p20*).Name | Should -Be 'p2025'
        (Get-MilvusPartition parts _default).RowCount | Should -Be 10
        New-MilvusPartition -CollectionName parts -Name p2026 -WhatIf
        (Get-MilvusPartition parts).Name | Should -Not -Contain 'p2026'
        Get-MilvusPartition parts p2025 | Remove-MilvusPartition -WhatIf
        (Get-MilvusPartition parts).Name | Should -Contain 'p2025'
        Get-MilvusPartition parts p2025 | Remove-MilvusPartition -Confirm:$false
        (Get-MilvusPartition parts).Name | Should -Be '_default'
    }

    It 'binds a piped collection to -CollectionName and works on its server' {
        (Get-MilvusCollection parts -Connection $dst | Get-MilvusPartition).Name | Should -Be '_default', 'only_b'
        Get-MilvusCollection parts -Connection $dst | Get-MilvusPartition -Name only_b | Remove-MilvusPartition -Force
        (Get-MilvusPartition parts -Connection $dst).Name | Should -Be '_default'
    }

    It 'reports missing and existing partitions with their ids' {
        Get-MilvusPartition parts nope -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'MilvusPartitionNotFound*'
        Remove-MilvusPartition parts nope -Force -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'MilvusPartitionNotFound*'
        New-MilvusPartition parts _default -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'MilvusPartitionAlreadyExists*'
        New-MilvusPartition parts 'bad name' -ErrorVariable e4 -ErrorAction SilentlyContinue
        $e4[0].FullyQualifiedErrorId | Should -BeLike 'InvalidPartitionName*'
    }
}

Describe 'Indexes and load' -Tag Integration {
    BeforeAll { New-Filled idx $src; New-Filled idx $dst }

    It 'checks the index against the field before sending' {
        New-MilvusIndex idx -IndexType HNSWW -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'InvalidIndexType*'
        $e1[0].Exception.Message | Should -Match 'did you mean HNSW'
        New-MilvusIndex idx -IndexType HNSW -MetricType HAMMING -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'InvalidMetricType*'
        New-MilvusIndex idx -IndexType HNSW -FieldName nope -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'MilvusFieldNotFound*'
        Get-MilvusIndex idx | Should -BeNullOrEmpty
    }

    It 'creates an index, mounts and dismounts the collection, and removes the index' {
        New-MilvusIndex idx -IndexType HNSW -WhatIf
        Get-MilvusIndex idx | Should -BeNullOrEmpty
        $i = New-MilvusIndex -CollectionName idx -IndexType hnsw -MetricType COSINE -Parameter @{ M = 16; efConstruction = 200 }
        $i.IndexType | Should -Be 'HNSW'
        $i.MetricType | Should -Be 'COSINE'
        $i.Params['M'] | Should -Be '16'
        $i.Connection | Should -Be $src
        (Get-MilvusIndex idx).FieldName | Should -Be 'embedding'
        (Mount-MilvusCollection idx).LoadState | Should -Be 'Loaded'
        Get-MilvusIndex idx | Remove-MilvusIndex -Confirm:$false -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -Match 'loaded collection'
        Dismount-MilvusCollection idx -WhatIf
        (Get-MilvusCollection idx).LoadState | Should -Be 'Loaded'
        (Dismount-MilvusCollection idx -PassThru).LoadState | Should -Be 'NotLoad'
        Get-MilvusIndex idx | Remove-MilvusIndex -WhatIf
        Get-MilvusIndex idx | Should -Not -BeNullOrEmpty
        Get-MilvusIndex idx | Remove-MilvusIndex -Confirm:$false
        Get-MilvusIndex idx | Should -BeNullOrEmpty
        Remove-MilvusIndex idx -FieldName embedding -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'MilvusIndexNotFound*'
    }

    It 'works on the server a piped collection came from' {
        Get-MilvusCollection idx -Connection $dst | New-MilvusIndex -IndexType FLAT -MetricType L2 | Out-Null
        (Get-MilvusCollection idx -Connection $dst | Mount-MilvusCollection).LoadState | Should -Be 'Loaded'
        (Get-MilvusCollection idx -Connection $dst).LoadState | Should -Be 'Loaded'
        (Get-MilvusCollection idx).LoadState | Should -Be 'NotLoad'
        Get-MilvusCollection idx -Connection $dst | Dismount-MilvusCollection
        (Get-MilvusCollection idx -Connection $dst).LoadState | Should -Be 'NotLoad'
    }

    It 'mounts one partition with -NoWait' {
        New-MilvusPartition idx hot | Out-Null
        New-MilvusIndex idx -IndexType FLAT -MetricType L2 | Out-Null
        Mount-MilvusCollection idx -PartitionName hot -NoWait | Out-Null
        Dismount-MilvusCollection idx
    }
}

Describe 'Aliases' -Tag Integration {
    BeforeAll { New-Filled docs_v1 $src; New-Filled docs_v2 $src; New-Filled docs_v1 $dst }

    It 'creates, moves, lists and removes an alias' {
        Set-MilvusAlias -Name docs_live -CollectionName docs_v1 -WhatIf
        Get-MilvusAlias | Should -BeNullOrEmpty
        (Set-MilvusAlias -Name docs_live -CollectionName docs_v1).CollectionName | Should -Be 'docs_v1'
        (Set-MilvusAlias docs_live docs_v2).CollectionName | Should -Be 'docs_v2'
        $alias = Get-MilvusAlias docs_*
        $alias.Alias | Should -Be 'docs_live'
        $alias.CollectionName | Should -Be 'docs_v2'
        $alias.Database | Should -Be 'default'
        (Get-MilvusCollection docs_v2 | Get-MilvusAlias).Alias | Should -Be 'docs_live'
        Get-MilvusCollection docs_v1 | Get-MilvusAlias | Should -BeNullOrEmpty
        Remove-MilvusCollection docs_v2 -Force -ErrorVariable e -ErrorAction SilentlyContinue
        $e[0].Exception.Message | Should -Match 'associated aliases'
        Get-MilvusAlias docs_live | Remove-MilvusAlias -WhatIf
        (Get-MilvusAlias).Alias | Should -Be 'docs_live'
        Get-MilvusAlias docs_live | Remove-MilvusAlias
        Get-MilvusAlias | Should -BeNullOrEmpty
    }

    It 'reports missing aliases and collections with their ids' {
        Get-MilvusAlias nope -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].FullyQualifiedErrorId | Should -BeLike 'MilvusAliasNotFound*'
        Remove-MilvusAlias nope -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'MilvusAliasNotFound*'
        Set-MilvusAlias al no_such -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'MilvusCollectionNotFound*'
    }

    It 'sets the alias on the server a piped collection came from' {
        Get-MilvusCollection docs_v1 -Connection $dst | Set-MilvusAlias -Name b_live | Out-Null
        (Get-MilvusAlias -Connection $dst).Alias | Should -Be 'b_live'
        Get-MilvusAlias | Where-Object Alias -EQ b_live | Should -BeNullOrEmpty
        Get-MilvusAlias -Connection $dst | Remove-MilvusAlias
        Get-MilvusAlias -Connection $dst | Should -BeNullOrEmpty
    }
}

Describe 'Databases' -Tag Integration {
    It 'creates, lists and removes a database' {
        New-MilvusDatabase tenant_x -WhatIf
        (Get-MilvusDatabase).Name | Should -Not -Contain 'tenant_x'
        $db = New-MilvusDatabase tenant_x -Property @{ 'database.replica.number' = 1 }
        $db.Database | Should -Be 'tenant_x'
        (Get-MilvusDatabase tenant_*).Properties['database.replica.number'] | Should -Be '1'
        Get-MilvusDatabase tenant_x | Remove-MilvusDatabase -WhatIf
        (Get-MilvusDatabase).Name | Should -Contain 'tenant_x'
        Get-MilvusDatabase tenant_x | Remove-MilvusDatabase -Force
        (Get-MilvusDatabase).Name | Should -Be 'default'
    }

    It 'refuses a database that holds collections, and reports missing and existing ones' {
        New-MilvusDatabase tenant_y | Out-Null
        New-TestBatches -Count 1 -Rows 5 -Dimension 4 | Write-MilvusCollection -Name c -Database tenant_y | Out-Null
        Remove-MilvusDatabase tenant_y -Confirm:$false -ErrorVariable e1 -ErrorAction SilentlyContinue
        $e1[0].Exception.Message | Should -Match 'not empty'
        (Get-MilvusDatabase tenant_y | Get-MilvusPartition -CollectionName c).Database | Should -Be 'tenant_y'
        Remove-MilvusDatabase nope -Force -ErrorVariable e2 -ErrorAction SilentlyContinue
        $e2[0].FullyQualifiedErrorId | Should -BeLike 'MilvusDatabaseNotFound*'
        Get-MilvusDatabase nope -ErrorVariable e3 -ErrorAction SilentlyContinue
        $e3[0].FullyQualifiedErrorId | Should -BeLike 'MilvusDatabaseNotFound*'
        New-MilvusDatabase tenant_y -ErrorVariable e4 -ErrorAction SilentlyContinue
        $e4[0].FullyQualifiedErrorId | Should -BeLike 'MilvusDatabaseAlreadyExists*'
    }

    It 'works on the server given by -Connection only' {
        New-MilvusDatabase only_b -Connection $dst | Out-Null
        (Get-MilvusDatabase -Connection $dst).Name | Should -Contain 'only_b'
        (Get-MilvusDatabase).Name | Should -Not -Contain 'only_b'
        Get-MilvusDatabase only_b -Connection $dst | Remove-MilvusDatabase -Force
        (Get-MilvusDatabase -Connection $dst).Name | Should -Not -Contain 'only_b'
    }
}

Describe 'Tab completion' -Tag Integration {
    BeforeAll {
        New-TestBatches -Count 1 -Rows 5 -Dimension 4 | Write-MilvusCollection -Name comp_c | Out-Null
        New-MilvusPartition comp_c comp_part | Out-Null
        New-MilvusDatabase comp_db | Out-Null
        Set-MilvusAlias comp_alias comp_c | Out-Null
    }

    It 'completes index types and metrics for the field''s vector type' {
        Get-Completion 'New-MilvusIndex -CollectionName comp_c -IndexType HN' | Should -Contain 'HNSW'
        Get-Completion 'New-MilvusIndex -CollectionName comp_c -IndexType BIN' | Should -BeNullOrEmpty
        Get-Completion 'New-MilvusIndex -CollectionName comp_c -MetricType ' | Should -Be 'L2', 'IP', 'COSINE'
        Get-Completion 'New-MilvusCollection -Name x -Dimension 8 -VectorType BinaryVector -MetricType ' | Should -Contain 'HAMMING'
        Get-Completion 'Import-FaissIndex x.index -CollectionName comp_c -IndexType IVF_' | Should -Contain 'IVF_FLAT'
        Get-Completion 'Write-MilvusCollection -Name new_one -MetricType JAC' | Should -Be 'JACCARD'
    }

    It 'completes partitions of the named collection' {
        Get-Completion 'Get-MilvusPartition -CollectionName comp_c -Name comp' | Should -Be 'comp_part'
        Get-Completion 'Mount-MilvusCollection comp_c -PartitionName comp' | Should -Be 'comp_part'
        Get-Completion 'Export-MilvusCollection comp_c -Path x -PartitionName comp' | Should -Be 'comp_part'
        Get-Completion 'Read-MilvusCollection comp_c -PartitionName _de' | Should -Be '_default'
    }

    It 'completes databases and aliases' {
        Get-Completion 'Get-MilvusCollection -Database comp' | Should -Be 'comp_db'
        Get-Completion 'Copy-MilvusCollection -Name comp_c -Destination $dst -DestinationDatabase def' | Should -Be 'default'
        Get-Completion 'Remove-MilvusDatabase comp' | Should -Be 'comp_db'
        Get-Completion 'Remove-MilvusAlias comp' | Should -Be 'comp_alias'
    }

    It 'answers without a connection: nothing, or the static lists' {
        $out = pwsh -NoProfile -NonInteractive -Command "Import-Module '$module'; foreach (`$l in 'New-MilvusIndex x -IndexType HNS', 'Get-MilvusPartition x -Name p', 'Get-MilvusCollection -Database d') { ((TabExpansion2 -inputScript `$l -cursorColumn `$l.Length).CompletionMatches.CompletionText) -join ',' }" 2>&1
        $out | Should -Be 'HNSW,HNSW_SQ,HNSW_PQ,HNSW_PRQ', '', ''
    }
}
