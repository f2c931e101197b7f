# One instruction per line, `# expected decode-table mnemonic`. Assembled at build time by
# the real cross assembler; decode_test.cpp checks each word decodes to the named row.
 tdi 4, 3, 7            # tdi
 twi 31, 0, 0           # twi
 mulli 3, 4, -5         # mulli
 subfic 3, 4, 1         # subfic
 cmpldi 7, 3, 10        # cmpli
 cmpwi 3, -1            # cmpi
 addic 3, 3, 1          # addic
 addic. 3, 3, 1         # addic.
 li 3, 5                # addi
 lis 3, 0x1234          # addis
 bdnz .                 # bc
 beqlr+                 # bclr
 bctrl                  # bcctr
 sc                     # sc
 sc 1                   # sc
 b .+8                  # b
 bl .+8                 # b
 rlwimi 3, 4, 8, 0, 7   # rlwimi
 rlwinm. 3, 4, 2, 0, 29 # rlwinm
 rotlw 3, 4, 5          # rlwnm
 ori 3, 3, 0xffff       # ori
 oris 3, 3, 1           # oris
 xori 3, 3, 1           # xori
 xoris 3, 3, 1          # xoris
 andi. 3, 3, 1          # andi.
 andis. 3, 3, 1         # andis.
 lwz 3, 8(1)            # lwz
 lwzu 3, 8(1)           # lwzu
 lbz 3, 8(1)            # lbz
 lbzu 3, 8(1)           # lbzu
 stw 3, 8(1)            # stw
 stwu 1, -64(1)         # stwu
 stb 3, 8(1)            # stb
 stbu 3, 8(1)           # stbu
 lhz 3, 8(1)            # lhz
 lhzu 3, 8(1)           # lhzu
 lha 3, 8(1)            # lha
 lhau 3, 8(1)           # lhau
 sth 3, 8(1)            # sth
 sthu 3, 8(1)           # sthu
 lmw 28, 8(1)           # lmw
 stmw 28, 8(1)          # stmw
 ld 3, 8(1)             # ld
 ldu 3, 8(1)            # ldu
 lwa 3, 8(1)            # lwa
 std 3, 8(1)            # std
 stdu 1, -128(1)        # stdu
 maddhd 3, 4, 5, 6      # maddhd
 maddhdu 3, 4, 5, 6     # maddhdu
 maddld 3, 4, 5, 6      # maddld
 mcrf 1, 2              # mcrf
 addpcis 3, 1           # addpcis
 rfid                   # rfid
 crnot 1, 2             # crnor
 crandc 1, 2, 3         # crandc
 isync                  # isync
 crclr 4*cr1+eq         # crxor
 crnand 1, 2, 3         # crnand
 crand 1, 2, 3          # crand
 creqv 1, 2, 3          # creqv
 crorc 1, 2, 3          # crorc
 cror 1, 2, 3           # cror
 rldicl 3, 4, 8, 32     # rldicl
 clrldi 3, 4, 32        # rldicl
 rldicr 3, 4, 8, 55     # rldicr
 rldic 3, 4, 8, 8       # rldic
 rldimi 3, 4, 32, 0     # rldimi
 rldcl 3, 4, 5, 0       # rldcl
 rldcr 3, 4, 5, 63      # rldcr
 subfc 3, 4, 5          # subfc
 mulhdu 3, 4, 5         # mulhdu
 addco. 3, 4, 5         # addc
 mulhwu 3, 4, 5         # mulhwu
 subf 3, 4, 5           # subf
 mulhd 3, 4, 5          # mulhd
 mulhw 3, 4, 5          # mulhw
 nego 3, 4              # neg
 subfe 3, 4, 5          # subfe
 adde 3, 4, 5           # adde
 subfze 3, 4            # subfze
 addze 3, 4             # addze
 subfme 3, 4            # subfme
 mulld 3, 4, 5          # mulld
 addme 3, 4             # addme
 mullwo. 3, 4, 5        # mullw
 add 3, 4, 5            # add
 divdeu 3, 4, 5         # divdeu
 divweu 3, 4, 5         # divweu
 divde 3, 4, 5          # divde
 divwe 3, 4, 5          # divwe
 divdu 3, 4, 5          # divdu
 divwu 3, 4, 5          # divwu
 divd 3, 4, 5           # divd
 divw 3, 4, 5           # divw
 isel 3, 4, 5, 2        # isel
 iselgt 3, 4, 5         # isel
 cmpd 3, 4              # cmp
 tw 31, 0, 0            # tw
 mfcr 3                 # mfcr
 mfocrf 3, 0x80         # mfcr
 lwarx 3, 0, 4          # lwarx
 ldx 3, 4, 5            # ldx
 lwzx 3, 4, 5           # lwzx
 slw 3, 4, 5            # slw
 cntlzw 3, 4            # cntlzw
 sld 3, 4, 5            # sld
 and 3, 4, 5            # and
 cmplw 3, 4             # cmpl
 lbarx 3, 0, 4          # lbarx
 ldux 3, 4, 5           # ldux
 dcbst 0, 4             # dcbst
 lwzux 3, 4, 5          # lwzux
 cntlzd 3, 4            # cntlzd
 andc 3, 4, 5           # andc
 td 4, 3, 4             # td
 mfmsr 3                # mfmsr
 ldarx 3, 0, 4          # ldarx
 dcbf 0, 4              # dcbf
 lbzx 3, 4, 5           # lbzx
 lharx 3, 0, 4          # lharx
 lbzux 3, 4, 5          # lbzux
 popcntb 3, 4           # popcntb
 nor 3, 4, 5            # nor
 setb 3, 1              # setb
 mtcrf 0xff, 3          # mtcrf
 mtocrf 0x01, 3         # mtcrf
 mtmsr 3                # mtmsr
 stdx 3, 4, 5           # stdx
 stwcx. 3, 0, 4         # stwcx.
 stwx 3, 4, 5           # stwx
 prtyw 3, 4             # prtyw
 mtmsrd 3, 1            # mtmsrd
 stdux 3, 4, 5          # stdux
 stwux 3, 4, 5          # stwux
 prtyd 3, 4             # prtyd
 cmprb 1, 1, 3, 4       # cmprb
 stdcx. 3, 0, 4         # stdcx.
 stbx 3, 4, 5           # stbx
 cmpeqb 1, 3, 4         # cmpeqb
 dcbtst 0, 4            # dcbtst
 stbux 3, 4, 5          # stbux
 bpermd 3, 4, 5         # bpermd
 modud 3, 4, 5          # modud
 moduw 3, 4, 5          # moduw
 dcbt 0, 4              # dcbt
 lhzx 3, 4, 5           # lhzx
 eqv 3, 4, 5            # eqv
 lhzux 3, 4, 5          # lhzux
 xor 3, 4, 5            # xor
 mflr 0                 # mfspr
 lwax 3, 4, 5           # lwax
 lhax 3, 4, 5           # lhax
 mftb 3                 # mfspr (POWER9 assemblers emit mfspr 268)
 .long 0x7c6c42e6       # mftb
 lwaux 3, 4, 5          # lwaux
 lhaux 3, 4, 5          # lhaux
 popcntw 3, 4           # popcntw
 sthx 3, 4, 5           # sthx
 orc 3, 4, 5            # orc
 sthux 3, 4, 5          # sthux
 mr 3, 4                # or
 or 1, 1, 1             # or
 mtctr 3                # mtspr
 nand 3, 4, 5           # nand
 popcntd 3, 4           # popcntd
 cmpb 3, 4, 5           # cmpb
 ldbrx 3, 4, 5          # ldbrx
 lwbrx 3, 4, 5          # lwbrx
 srw 3, 4, 5            # srw
 cnttzw 3, 4            # cnttzw
 srd 3, 4, 5            # srd
 cnttzd. 3, 4           # cnttzd
 mcrxrx 2               # mcrxrx
 sync                   # sync
 lwsync                 # sync
 stdbrx 3, 4, 5         # stdbrx
 stwbrx 3, 4, 5         # stwbrx
 stbcx. 3, 0, 4         # stbcx.
 sthcx. 3, 0, 4         # sthcx.
 modsd 3, 4, 5          # modsd
 modsw 3, 4, 5          # modsw
 lhbrx 3, 4, 5          # lhbrx
 sraw 3, 4, 5           # sraw
 srad 3, 4, 5           # srad
 srawi 3, 4, 5          # srawi
 sradi 3, 4, 40         # sradi
 sradi. 3, 4, 5         # sradi
 eieio                  # eieio
 extswsli 3, 4, 40      # extswsli
 sthbrx 3, 4, 5         # sthbrx
 extsh 3, 4             # extsh
 extsb 3, 4             # extsb
 icbi 0, 4              # icbi
 extsw. 3, 4            # extsw
 dcbz 0, 4              # dcbz
 lvx 0, 0, 4            # lvx
 lfdx 0, 4, 5           # lfdx
 lxvd2x 0, 4, 5         # lxvd2x
 lfd 1, 8(1)            # lfd
 stfd 1, 8(1)           # stfd
 fadd 1, 2, 3           # fp63
 fadds 1, 2, 3          # fp59
 xxlor 0, 1, 2          # vsx60
